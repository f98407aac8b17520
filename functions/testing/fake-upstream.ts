import { Hono } from 'hono';

/**
 * Test-only: an in-process upstream for adapter tests. Records each request's
 * URL and body so tests can prove a CPR number travelled only in the body.
 */
export function fakeUpstream() {
  const app = new Hono();
  const requests: { method: string; url: string; body: string }[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    requests.push({ method: request.method, url: request.url, body: await request.clone().text() });
    return app.fetch(request);
  };
  return {
    app,
    requests,
    fetch,
    options: { baseUrl: 'http://upstream.test/api', timeoutMs: 500, retries: 0, fetch },
  };
}

/** Test-only: the AppError a promise rejects with, reduced to what a caller sees. */
export async function problemOf(promise: Promise<unknown>): Promise<{ status: number; code: string }> {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as { status?: number; code?: string } | undefined;
  if (!error?.status || !error.code) throw new Error('expected the call to fail with an AppError');
  return { status: error.status, code: error.code };
}
