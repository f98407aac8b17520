import { describe, expect, it } from 'vitest';
import { createEventSink } from './cloud-events.ts';

/** A fetch that records each request and answers with the next status. */
function recorder(statuses: (number | Error)[]) {
  const calls: { url: string; headers: Record<string, string>; body: string }[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, headers: init.headers as Record<string, string>, body: String(init.body) });
    const next = statuses.shift() ?? 202;
    if (next instanceof Error) throw next;
    return new Response(null, { status: next });
  }) as unknown as typeof globalThis.fetch;
  return { calls, fetch };
}

const at = new Date('2026-03-02T10:15:00Z');

describe('CloudEvents to K_SINK', () => {
  it('POL-006.18: an event is one POST in binary content mode: ce-* attributes as headers, the data as JSON', async () => {
    const { calls, fetch } = recorder([202]);
    const sink = createEventSink({
      sink: 'http://broker-ingress.example/platform',
      source: '/hoi-platform/correspondence',
      overrides: JSON.stringify({ extensions: { cluster: 'local', Bad: 'x', id: 'forged' } }),
      clock: () => at,
      fetch,
    });
    sink.emit({ type: 'dk.hoi.correspondence.sent', subject: 'm-1', data: { id: 'm-1', status: 'sent' } });
    await sink.settled();
    expect(calls).toHaveLength(1);
    const { headers, body, url } = calls[0]!;
    expect(url).toBe('http://broker-ingress.example/platform');
    expect({ ...headers, 'ce-id': 'id' }).toEqual({
      'content-type': 'application/json',
      'ce-specversion': '1.0',
      'ce-id': 'id',
      'ce-source': '/hoi-platform/correspondence',
      'ce-type': 'dk.hoi.correspondence.sent',
      'ce-time': '2026-03-02T10:15:00.000Z',
      'ce-subject': 'm-1',
      'ce-cluster': 'local',
    });
    expect(headers['ce-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(body)).toEqual({ id: 'm-1', status: 'sent' });
  });

  it('retries network errors and 5xx with the same ce-id, gives up after its attempts, and stops at once on a 4xx', async () => {
    const flaky = recorder([new Error('reset'), 503, 202]);
    const sink = createEventSink({ sink: 'http://sink', source: '/s', fetch: flaky.fetch, attempts: 3 });
    sink.emit({ type: 'dk.hoi.x.y', data: {} });
    await sink.settled();
    expect(flaky.calls).toHaveLength(3);
    expect(new Set(flaky.calls.map((c) => c.headers['ce-id'])).size).toBe(1);
    const refused = recorder([400, 202]);
    const other = createEventSink({ sink: 'http://sink', source: '/s', fetch: refused.fetch, attempts: 3 });
    other.emit({ type: 'dk.hoi.x.y', data: {} });
    await other.settled();
    expect(refused.calls).toHaveLength(1);
  });

  it('sends nothing without K_SINK, and refuses K_CE_OVERRIDES that is not JSON', async () => {
    const { calls, fetch } = recorder([]);
    const sink = createEventSink({ sink: undefined, source: '/s', fetch });
    sink.emit({ type: 'dk.hoi.x.y', data: {} });
    await sink.settled();
    expect(calls).toEqual([]);
    expect(() => createEventSink({ sink: 'http://sink', source: '/s', overrides: '{' })).toThrow(
      /K_CE_OVERRIDES/,
    );
  });
});
