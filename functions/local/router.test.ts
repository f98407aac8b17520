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
});
