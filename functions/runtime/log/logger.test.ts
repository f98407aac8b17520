import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

function capture() {
  const lines: string[] = [];
  const logger = createLogger({
    write: (line) => lines.push(line),
    clock: () => new Date('2026-11-25T10:00:00Z'),
  });
  return { logger, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('writes one JSON line per event: level, time and message first, then the fields', () => {
    const { logger, lines } = capture();
    logger
      .child({ function: 'case-lookup' })
      .info('request', { route: '/v1/x', status: 200, durationMs: 4.2 });
    expect(lines).toEqual([
      '{"level":"info","time":"2026-11-25T10:00:00.000Z","msg":"request","function":"case-lookup","route":"/v1/x","status":200,"durationMs":4.2}',
    ]);
  });

  it('lets a call’s fields override the child’s and leaves out undefined ones', () => {
    const { logger, parsed } = capture();
    logger.child({ function: 'platform' }).error('request', { function: 'sandbox', code: undefined });
    expect(parsed()).toEqual([
      { level: 'error', time: '2026-11-25T10:00:00.000Z', msg: 'request', function: 'sandbox' },
    ]);
  });

  it('replaces CPR-shaped numbers anywhere in a line with [redacted], with or without the dash', () => {
    const { logger, lines } = capture();
    logger.warn('lookup of 670116-4470 failed', { requestId: 'req-6701164470', status: 6701164470 });
    expect(lines[0]).not.toMatch(/\d{6}-?\d{4}/);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      msg: 'lookup of [redacted] failed',
      requestId: 'req-[redacted]',
      status: '[redacted]',
    });
  });

  it('replaces a bearer token with [redacted]', () => {
    const { logger, parsed } = capture();
    logger.info('token eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl seen');
    expect(parsed()[0]!.msg).toBe('token [redacted] seen');
  });

  it('keeps numbers that only contain digits, such as durations and ports', () => {
    const { logger, parsed } = capture();
    logger.fatal('stopped', { durationMs: 12_345.6, status: 503, port: 41_234 });
    expect(parsed()[0]).toMatchObject({ durationMs: 12_345.6, status: 503, port: 41_234 });
  });
});
