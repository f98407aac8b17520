import { describe, expect, it } from 'vitest';
import { badRequest } from '../http/app-error.ts';
import { createFunctionApp } from '../http/create-function-app.ts';
import { withAccessLog } from './access-log.ts';
import { createLogger } from './logger.ts';

function loggedApp() {
  const lines: Record<string, unknown>[] = [];
  const app = createFunctionApp({ name: 'test' });
  app.get('/v1/units/:id', (c) => c.json({ id: c.req.param('id') }));
  app.post('/v1/search', () => {
    throw badRequest('invalid_cpr', 'The CPR number must be DDMMYY-SSSS');
  });
  app.get('/v1/broken', () => {
    throw new Error('boom');
  });
  const logger = createLogger({ write: (line) => lines.push(JSON.parse(line)) });
  return { app: withAccessLog(app, { logger, function: 'test' }), lines };
}

describe('withAccessLog', () => {
  it('writes one line per request with the route template, never the path’s values or the query', async () => {
    const { app, lines } = loggedApp();
    const res = await app.request('/v1/units/6701164470?cpr=670116-4470', {
      headers: { 'x-request-id': 'req-00000001' },
    });
    expect(await res.json()).toEqual({ id: '6701164470' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'info',
      msg: 'request',
      function: 'test',
      requestId: 'req-00000001',
      method: 'GET',
      route: '/v1/units/:id',
      status: 200,
    });
    expect(lines[0]!.durationMs).toBeTypeOf('number');
    expect(JSON.stringify(lines)).not.toMatch(/670116|cpr=/);
  });

  it('adds the stable code of a problem answer; 5xx is logged as an error', async () => {
    const { app, lines } = loggedApp();
    const bad = await app.request('/v1/search', { method: 'POST' });
    expect(bad.status).toBe(400);
    await app.request('/v1/broken');
    expect(lines).toMatchObject([
      { level: 'info', route: '/v1/search', status: 400, code: 'invalid_cpr' },
      { level: 'error', route: '/v1/broken', status: 500, code: 'internal_error' },
    ]);
    expect(lines[0]!.requestId).toBe(bad.headers.get('x-request-id'));
  });

  it('logs a path no handler serves as unmatched, and the app still answers with its own problem', async () => {
    const { app, lines } = loggedApp();
    const res = await app.request('/v1/children/670116-4470', { method: 'DELETE' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(lines).toMatchObject([{ method: 'DELETE', route: 'unmatched', status: 404, code: 'not_found' }]);
  });

  it('logs a health probe only when it fails', async () => {
    const lines: Record<string, unknown>[] = [];
    let ready = true;
    const app = createFunctionApp({ name: 'test', readiness: [{ name: 'audit', check: async () => ready }] });
    const logged = withAccessLog(app, {
      logger: createLogger({ write: (line) => lines.push(JSON.parse(line)) }),
      function: 'test',
    });
    await logged.request('/health/liveness', { method: 'HEAD' });
    await logged.request('/health/readiness');
    ready = false;
    await logged.request('/health/readiness');
    expect(lines).toMatchObject([
      { level: 'error', route: '/health/readiness', status: 503, code: 'not_ready' },
    ]);
    expect(lines).toHaveLength(1);
  });
});
