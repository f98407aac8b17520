import { request } from 'node:http';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from './app-error.ts';
import { limitBody } from './body-limit.ts';
import { problemResponse } from './problem.ts';
import { type RunningServer, serveApp } from './serve.ts';

/** Over real HTTP (@hono/node-server), where a body arrives with a length or chunked. */
let server: RunningServer;
beforeAll(async () => {
  const app = new Hono();
  app.use(
    limitBody(64, () => {
      throw new AppError(413, 'body_too_large', 'The request body exceeds 64 bytes');
    }),
  );
  app.post('/echo', async (c) => c.json({ got: await c.req.text() }));
  app.get('/plain', (c) => c.json({ ok: true }));
  app.onError((error, c) => problemResponse(c, error));
  server = await serveApp(app, { port: 0, hostname: '127.0.0.1', signals: [] });
});
afterAll(() => server.shutdown());

function send(chunks: readonly string[], headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path: '/echo', method: 'POST', headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe('limitBody', () => {
  it('passes a body with a Content-Length within the limit, to the byte', async () => {
    const body = 'x'.repeat(64);
    expect(await send([body], { 'content-length': '64' })).toEqual({
      status: 200,
      body: `{"got":"${body}"}`,
    });
  });

  it('refuses a Content-Length over the limit with 413 body_too_large, before reading the body', async () => {
    const answer = await send(['x'.repeat(65)], { 'content-length': '65' });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'body_too_large', status: 413 });
  });

  it('counts a chunked body as it streams: within the limit it reaches the handler whole', async () => {
    expect(await send(['a'.repeat(30), 'b'.repeat(30)])).toEqual({
      status: 200,
      body: `{"got":"${'a'.repeat(30)}${'b'.repeat(30)}"}`,
    });
  });

  it('refuses a chunked body once it passes the limit', async () => {
    const answer = await send(['a'.repeat(40), 'b'.repeat(40)]);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'body_too_large' });
  });

  it('lets a request without a body through', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/plain`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(await send([], { 'content-length': '0' })).toEqual({ status: 200, body: '{"got":""}' });
  });
});
