import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { platformRouter } from './router.ts';

describe('the local platform router', () => {
  const router = platformRouter(['case-lookup', 'authz-sync', 'portal']);
  router.mount(
    'case-lookup',
    new Hono().get('/v1/x', (c) => c.json({ ok: true })),
  );
  router.fail('authz-sync', 'FGA_API_URL is required when AUTHZ_MODE=openfga');
  const request = async (path: string, method = 'GET') => {
    const res = await router.app.request(path, { method });
    return { status: res.status, type: res.headers.get('content-type'), body: await res.json() };
  };

  it('hands /<function>/… to the function as /…', async () => {
    expect(await request('/case-lookup/v1/x')).toMatchObject({ status: 200, body: { ok: true } });
  });

  it('answers an unknown path with a 404 problem, never text', async () => {
    for (const path of ['/nope', '/nope/x', '/NOT%20A%20NAME/x']) {
      expect(await request(path)).toMatchObject({
        status: 404,
        type: 'application/problem+json',
        body: { code: 'not_found' },
      });
    }
  });

  it('says why a function is unavailable, and that one is still starting', async () => {
    expect(await request('/authz-sync/openapi.json')).toMatchObject({
      status: 503,
      body: { code: 'function_unavailable', detail: expect.stringContaining('FGA_API_URL') },
    });
    expect(await request('/portal/')).toMatchObject({ status: 503, body: { code: 'not_ready' } });
  });

  it('POL-006.18: plays the Broker at /_broker: a binary-mode CloudEvent reaches each function whose trigger names its type, with its ce-* headers', async () => {
    const heard: { path: string; type: string | undefined; body: unknown }[] = [];
    const events = platformRouter(
      ['letter-sync', 'case-lookup'],
      [{ fn: 'letter-sync', type: 'dk.hoi.correspondence.filed', path: '/v1/filed' }],
    );
    const listener = new Hono().post('/v1/filed', async (c) => {
      heard.push({ path: c.req.path, type: c.req.header('ce-type'), body: await c.req.json() });
      return c.body(null, 204);
    });
    events.mount('letter-sync', listener);
    const send = (type: string, headers: Record<string, string> = {}) =>
      events.app.request('/_broker', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'ce-specversion': '1.0',
          'ce-id': 'e-1',
          'ce-source': '/hoi-platform/correspondence',
          'ce-type': type,
          ...headers,
        },
        body: JSON.stringify({ id: 'm-1', status: 'filed' }),
      });
    expect((await send('dk.hoi.correspondence.filed')).status).toBe(202);
    expect((await send('dk.hoi.correspondence.sent')).status).toBe(202);
    expect(heard).toEqual([
      { path: '/v1/filed', type: 'dk.hoi.correspondence.filed', body: { id: 'm-1', status: 'filed' } },
    ]);
    const bad = await send('dk.hoi.correspondence.filed', { 'ce-specversion': '0.3' });
    expect([bad.status, ((await bad.json()) as { code: string }).code]).toEqual([400, 'invalid_cloudevent']);
  });
});
