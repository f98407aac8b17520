import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../runtime/log/logger.ts';
import { type CallConfig, loadCallConfig, scheduledCall } from './call.ts';

const TOKEN = 'sync-token-0123456789abcdef0123456789';
interface Seen {
  method?: string;
  url?: string;
  headers?: IncomingHttpHeaders;
}
let server: Server;
let base: string;
const seen: Seen[] = [];
/** What the fake function answers, by path. */
const ANSWERS: Record<string, { status: number; body: string; delayMs?: number }> = {
  '/v1/sync': { status: 200, body: '{"written":2,"deleted":0,"unchanged":5,"durationMs":12}' },
  '/v1/busy': { status: 409, body: '{"type":"about:blank","code":"sync_in_progress","status":409}' },
  '/v1/slow': { status: 200, body: '{}', delayMs: 500 },
};

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ method: req.method, url: req.url, headers: req.headers });
    const answer = ANSWERS[req.url ?? ''] ?? { status: 404, body: '' };
    setTimeout(
      () => res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body),
      answer.delayMs ?? 0,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function run(path: string, config: Partial<CallConfig> = {}) {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ write: (line) => lines.push(JSON.parse(line)) });
  const call = { url: `${base}${path}`, method: 'POST' as const, token: TOKEN, timeoutMs: 5000, ...config };
  let now = 0;
  return scheduledCall(call, { logger, clock: () => (now += 7) }).then((ok) => ({ ok, lines }));
}

describe('scheduledCall', () => {
  it('POSTs with the bearer token and logs the report on 2xx, never the token', async () => {
    const { ok, lines } = await run('/v1/sync');
    expect(ok).toBe(true);
    expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/v1/sync' });
    expect(seen.at(-1)!.headers!.authorization).toBe(`Bearer ${TOKEN}`);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        msg: 'answered: {"written":2,"deleted":0,"unchanged":5,"durationMs":12}',
        method: 'POST',
        route: '/v1/sync',
        status: 200,
        durationMs: 7,
      }),
    ]);
    expect(JSON.stringify(lines)).not.toContain(TOKEN);
  });

  it('fails on a non-2xx answer, logging its status and problem code', async () => {
    const { ok, lines } = await run('/v1/busy');
    expect(ok).toBe(false);
    expect(lines[0]).toMatchObject({ level: 'error', status: 409, code: 'sync_in_progress' });
  });

  it('fails when the function does not answer in time', async () => {
    const { ok, lines } = await run('/v1/slow', { timeoutMs: 50 });
    expect(ok).toBe(false);
    expect(lines[0]).toMatchObject({ level: 'error', msg: 'no answer within 50 ms' });
  });

  it('fails when nothing listens', async () => {
    const { ok, lines } = await run('', { url: 'http://127.0.0.1:1/v1/sync' });
    expect(ok).toBe(false);
    expect(lines[0]).toMatchObject({ level: 'error', msg: 'call failed: no answer', route: '/v1/sync' });
  });
});

describe('loadCallConfig', () => {
  const env = { CALL_URL: 'http://authz-sync.hoi-platform.svc.cluster.local/v1/sync', CALL_TOKEN: TOKEN };

  it('defaults to POST and a deadline past the longest function timeout', () => {
    expect(loadCallConfig(env)).toEqual({
      url: env.CALL_URL,
      method: 'POST',
      token: TOKEN,
      timeoutMs: 330_000,
    });
  });

  it('names the variable that is wrong, never its value', () => {
    expect(() => loadCallConfig({ ...env, CALL_TOKEN: 'short-value' })).toThrow(
      /^CALL_TOKEN must be at least 16$/,
    );
    expect(() => loadCallConfig({ CALL_TOKEN: TOKEN })).toThrow('CALL_URL is required');
    expect(() => loadCallConfig({ ...env, CALL_METHOD: 'DELETE' })).toThrow(
      'CALL_METHOD must be one of: POST, PUT, GET',
    );
  });
});
