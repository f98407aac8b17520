import { describe, expect, it } from 'vitest';
import { AppError, badRequest } from './app-error.ts';
import { createFunctionApp } from './create-function-app.ts';

function appWithRoutes(options: Partial<Parameters<typeof createFunctionApp>[0]> = {}) {
  const app = createFunctionApp({ name: 'test', ...options });
  app.post('/echo', async (c) => c.json(await c.req.json()));
  app.get('/bad', () => {
    throw badRequest('invalid_cpr', 'The CPR number is not valid');
  });
  app.get('/boom', () => {
    throw new Error('secret internals 610101-1234');
  });
  app.get('/slow', async (c) => {
    await new Promise((resolve) => setTimeout(resolve, 500));
    return c.json({ late: true });
  });
  return app;
}

describe('createFunctionApp', () => {
  it('returns a given well-formed x-request-id and makes one otherwise', async () => {
    const app = appWithRoutes();
    const given = await app.request('/health/liveness', { headers: { 'x-request-id': 'req-12345678' } });
    expect(given.headers.get('x-request-id')).toBe('req-12345678');
    const made = await app.request('/health/liveness', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never makes a CPR-shaped request id', async () => {
    const app = appWithRoutes();
    for (let i = 0; i < 300; i++) {
      const id = (await app.request('/health/liveness')).headers.get('x-request-id')!;
      expect(id).not.toMatch(/(?<!\d)\d{6}-?\d{4}(?!\d)/);
    }
  });

  it('never accepts a CPR-shaped request id', async () => {
    const res = await appWithRoutes().request('/health/liveness', {
      headers: { 'x-request-id': 'x-6101011234' },
    });
    expect(res.headers.get('x-request-id')).not.toContain('6101011234');
  });

  it('renders an AppError as application/problem+json with its stable code and the request id', async () => {
    const res = await appWithRoutes().request('/bad', { headers: { 'x-request-id': 'req-abcdefgh' } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toEqual({
      type: 'urn:hoi:problem:invalid_cpr',
      title: 'Bad Request',
      status: 400,
      code: 'invalid_cpr',
      detail: 'The CPR number is not valid',
      requestId: 'req-abcdefgh',
      instance: 'urn:hoi:request:req-abcdefgh',
    });
  });

  it('hides unknown errors behind a plain 500', async () => {
    const res = await appWithRoutes().request('/boom');
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(JSON.parse(body)).toMatchObject({ code: 'internal_error', detail: 'Internal error' });
    expect(body).not.toContain('secret');
    expect(body).not.toContain('010101');
  });

  it('answers unknown routes with a 404 problem', async () => {
    const res = await appWithRoutes().request('/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'not_found' });
  });

  it('refuses a body over the limit with 413', async () => {
    const res = await appWithRoutes({ bodyLimitBytes: 32 }).request('/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ padding: 'x'.repeat(100) }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'body_too_large' });
  });

  it('answers 504 when a request outlives its deadline', async () => {
    const started = performance.now();
    const res = await appWithRoutes({ requestTimeoutMs: 50 }).request('/slow');
    expect(res.status).toBe(504);
    expect(await res.json()).toMatchObject({ code: 'request_timeout' });
    expect(performance.now() - started).toBeLessThan(400);
  });

  it('sets secure headers and forbids caching of answers about children', async () => {
    const res = await appWithRoutes().request('/health/liveness');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('is ready only when every readiness check answers true', async () => {
    let databaseUp = false;
    const app = appWithRoutes({
      readiness: [
        { name: 'authorizer', check: async () => true },
        { name: 'audit', check: async () => databaseUp },
      ],
    });
    const down = await app.request('/health/readiness');
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ code: 'not_ready', detail: 'Not ready: audit' });
    databaseUp = true;
    const up = await app.request('/health/readiness');
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({ status: 'ready', checks: ['authorizer', 'audit'] });
  });

  it('treats a throwing readiness check as not ready', async () => {
    const app = createFunctionApp({
      name: 'test',
      readiness: [{ name: 'db', check: () => Promise.reject(new AppError(503, 'x', 'down')) }],
    });
    expect((await app.request('/health/readiness')).status).toBe(503);
  });

  it('checks its options once, at construction', () => {
    expect(() => createFunctionApp({ name: 'test', bodyLimitBytes: 0 })).toThrow(
      'bodyLimitBytes must be a positive integer',
    );
  });
});
