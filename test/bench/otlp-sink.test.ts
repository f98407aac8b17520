import { describe, expect, it } from 'vitest';
import { startOtlpSink } from './otlp-sink.ts';

describe('the loopback OTLP sink of npm run bench', () => {
  it('answers every export 200 and counts requests and bytes by path', async () => {
    const sink = await startOtlpSink();
    try {
      expect(sink.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const post = (path: string, body: string, type: string) =>
        fetch(`${sink.url}${path}`, { method: 'POST', headers: { 'content-type': type }, body });
      const traces = await post('/v1/traces', 'abcd', 'application/x-protobuf');
      expect([traces.status, traces.headers.get('content-type')]).toEqual([200, 'application/x-protobuf']);
      const metrics = await post('/v1/metrics', '{"resourceMetrics":[]}', 'application/json');
      expect([metrics.status, await metrics.text()]).toEqual([200, '{}']);
      await post('/v1/traces', 'ef', 'application/x-protobuf');
      expect(sink.counts()).toEqual({
        '/v1/traces': { requests: 2, bytes: 6 },
        '/v1/metrics': { requests: 1, bytes: 22 },
      });
    } finally {
      await sink.close();
    }
  });
});
