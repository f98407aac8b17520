import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { serveApp } from './serve.ts';

describe('serveApp', () => {
  it('lets an in-flight request finish after shutdown starts, then refuses new connections', async () => {
    const app = new Hono();
    app.get('/slow', async (c) => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return c.json({ done: true });
    });
    const events: string[] = [];
    const running = await serveApp(app, {
      port: 0,
      hostname: '127.0.0.1',
      signals: [],
      onShutdown: async () => {
        events.push('shutdown hook');
      },
    });
    const url = `http://127.0.0.1:${running.port}`;
    const inFlight = fetch(`${url}/slow`).then(async (r) => {
      events.push('answered');
      return { status: r.status, body: await r.json() };
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stopped = running.shutdown();
    expect(await inFlight).toEqual({ status: 200, body: { done: true } });
    await stopped;
    expect(events).toEqual(['answered', 'shutdown hook']);
    await expect(fetch(`${url}/slow`)).rejects.toThrow();
  });

  it('cuts connections that outlive the drain period', async () => {
    const app = new Hono();
    app.get('/hang', () => new Promise<Response>(() => {}));
    const running = await serveApp(app, { port: 0, hostname: '127.0.0.1', signals: [], drainMs: 100 });
    const hanging = fetch(`http://127.0.0.1:${running.port}/hang`).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const started = performance.now();
    await running.shutdown();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await hanging).toBeInstanceOf(Error);
  });
});

/** A raw HTTP exchange: what Node answers before any handler runs. */
async function raw(port: number, request: string, slowBodyMs?: number): Promise<string> {
  const { connect } = await import('node:net');
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(request);
      if (slowBodyMs) setTimeout(() => socket.writable && socket.write('{'), slowBodyMs);
    });
    let answer = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      answer += chunk;
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('requests refused before a handler runs', () => {
  const problemOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));

  it('answers header overflow with 431 and a problem document', async () => {
    const app = new Hono().get('/', (c) => c.text('ok'));
    const running = await serveApp(app, { port: 0, hostname: '127.0.0.1', signals: [] });
    try {
      const answer = await raw(
        running.port,
        `GET / HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`,
      );
      expect(answer).toMatch(/^HTTP\/1\.1 431 /);
      expect(answer).toContain('content-type: application/problem+json');
      expect(problemOf(answer)).toMatchObject({ status: 431, code: 'headers_too_large' });
    } finally {
      await running.shutdown();
    }
  });

  it('answers TRACE and CONNECT with a 405 problem document (the Fetch API cannot carry them)', async () => {
    const running = await serveApp(
      new Hono().all('*', (c) => c.text('reached')),
      {
        port: 0,
        hostname: '127.0.0.1',
        signals: [],
      },
    );
    try {
      for (const method of ['TRACE', 'CONNECT']) {
        const target = method === 'CONNECT' ? 'example.org:443' : '/';
        const answer = await raw(running.port, `${method} ${target} HTTP/1.1\r\nhost: x\r\n\r\n`);
        expect(answer).toMatch(/^HTTP\/1\.1 405 /);
        expect(problemOf(answer)).toMatchObject({ status: 405, code: 'method_not_allowed' });
      }
    } finally {
      await running.shutdown();
    }
  });

  it('answers a malformed request line with 400 and a problem document', async () => {
    const running = await serveApp(new Hono(), { port: 0, hostname: '127.0.0.1', signals: [] });
    try {
      const answer = await raw(running.port, 'NOT HTTP AT ALL\r\n\r\n');
      expect(problemOf(answer)).toMatchObject({ status: 400, code: 'malformed_request' });
    } finally {
      await running.shutdown();
    }
  });

  it('answers a body that arrives too slowly with 408, not a 504 from the handler deadline', async () => {
    const app = new Hono().post('/', async (c) => c.json(await c.req.json()));
    const running = await serveApp(app, { port: 0, hostname: '127.0.0.1', signals: [], bodyTimeoutMs: 300 });
    try {
      const answer = await raw(
        running.port,
        'POST / HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 50\r\n\r\n',
        100,
      );
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      expect(problemOf(answer)).toMatchObject({ status: 408, code: 'request_too_slow' });
    } finally {
      await running.shutdown();
    }
  });
});
