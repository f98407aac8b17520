import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionError, createHttpTransport } from './http-transport.ts';
import type { TransportRequest } from './transport.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let server: Server | undefined;
/** Connections the server accepted, and which of them the client has since closed. */
let sockets: { socket: Socket; closed: boolean }[] = [];

async function upstream(handler: Handler): Promise<URL> {
  sockets = [];
  server = createServer(handler);
  server.on('connection', (socket) => {
    const seen = { socket, closed: false };
    sockets.push(seen);
    socket.on('close', () => {
      seen.closed = true;
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/units`);
}

afterEach(async () => {
  if (!server) return;
  server.closeAllConnections();
  await new Promise((resolve) => server!.close(resolve));
  server = undefined;
});

const get = (signal = new AbortController().signal): TransportRequest => ({
  method: 'GET',
  headers: { accept: 'application/json' },
  signal,
});

/** Resolves once the server has seen every connection close. */
const allClosed = () =>
  expect.poll(() => sockets.length > 0 && sockets.every((s) => s.closed), { timeout: 2000 }).toBe(true);

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe('createHttpTransport', () => {
  it('sends method, headers and body, and reuses one keep-alive connection for calls in turn', async () => {
    const seen: { method?: string; headers: IncomingMessage['headers']; body: string }[] = [];
    const url = await upstream((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => {
        body += chunk;
      });
      req.on('end', () => {
        seen.push({ method: req.method, headers: req.headers, body });
        res.end('{"ok":true}');
      });
    });
    const send = createHttpTransport();
    const body = JSON.stringify({ partyCpr: 'æøå' });
    for (let i = 0; i < 5; i++) {
      const res = await send(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          traceparent: `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01`,
        },
        body,
        signal: new AbortController().signal,
      });
      expect([res.status, await res.text()]).toEqual([200, '{"ok":true}']);
    }
    expect(sockets).toHaveLength(1);
    expect(seen).toHaveLength(5);
    expect(seen[0]).toMatchObject({
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        traceparent: `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01`,
        connection: 'keep-alive',
      },
    });
  });

  it('opens at most maxSockets connections; further calls wait for a free one', async () => {
    const url = await upstream((_req, res) => setTimeout(() => res.end('{}'), 20));
    const send = createHttpTransport({ maxSockets: 2 });
    const answers = await Promise.all(Array.from({ length: 6 }, async () => (await send(url, get())).text()));
    expect(answers).toEqual(Array(6).fill('{}'));
    expect(sockets).toHaveLength(2);
  });

  it('answers every status with its body: the caller decides what a 404 or a 503 means', async () => {
    const url = await upstream((req, res) => {
      const status = Number(req.url?.split('=')[1]);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status }));
    });
    const send = createHttpTransport();
    for (const status of [201, 400, 404, 429, 503]) {
      const res = await send(new URL(`?status=${status}`, url), get());
      expect([res.status, await res.text()]).toEqual([status, JSON.stringify({ status })]);
    }
    expect(sockets).toHaveLength(1);
  });

  it('reads a large body whole, multi-byte characters split across chunks included', async () => {
    const large = JSON.stringify({ names: Array.from({ length: 200_000 }, (_, i) => `Søren Ærø ${i}`) });
    const url = await upstream((_req, res) => res.end(large));
    const res = await createHttpTransport()(url, get());
    const text = await res.text();
    expect(text.length).toBe(large.length);
    expect(text === large).toBe(true);
  });

  it('an abort before the answer destroys the connection and rejects with an AbortError', async () => {
    const url = await upstream(() => {});
    const aborter = new AbortController();
    const pending = createHttpTransport()(url, get(aborter.signal));
    await expect.poll(() => sockets.length).toBe(1);
    aborter.abort();
    expect((await failure(pending)).name).toBe('AbortError');
    await allClosed();
  });

  it('an abort while the body arrives destroys the connection and rejects the body with an AbortError', async () => {
    const url = await upstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"cases": [');
    });
    const aborter = new AbortController();
    const res = await createHttpTransport()(url, get(aborter.signal));
    aborter.abort();
    expect((await failure(res.text())).name).toBe('AbortError');
    await allClosed();
  });

  it('an abort after the body was read leaves the connection for the next call', async () => {
    const url = await upstream((_req, res) => res.end('{}'));
    const send = createHttpTransport();
    const aborter = new AbortController();
    await (await send(url, get(aborter.signal))).text();
    // The upstream client's policies abort their signal as soon as a call returns.
    aborter.abort();
    await (await send(url, get())).text();
    expect(sockets.map((s) => s.closed)).toEqual([false]);
  });

  it('an already aborted signal sends nothing', async () => {
    const url = await upstream(() => {});
    const aborter = new AbortController();
    aborter.abort();
    expect((await failure(createHttpTransport()(url, get(aborter.signal)))).name).toBe('AbortError');
    expect(sockets).toHaveLength(0);
  });

  it('discarding an unfinished body closes its connection', async () => {
    const url = await upstream((_req, res) => {
      res.writeHead(503);
      res.write('still coming');
    });
    const res = await createHttpTransport()(url, get());
    await res.discard();
    await allClosed();
  });

  it('a refused connection rejects with a ConnectionError, a TypeError as fetch’s are', async () => {
    const url = await upstream(() => {});
    await new Promise((resolve) => server!.close(resolve));
    const error = await failure(createHttpTransport()(url, get()));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toBeInstanceOf(TypeError);
    expect((error.cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
  });

  it('an answer that breaks off rejects its body with a ConnectionError', async () => {
    const url = await upstream((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"cases": [');
      setTimeout(() => res.destroy(), 10);
    });
    const res = await createHttpTransport()(url, get());
    expect(await failure(res.text())).toBeInstanceOf(ConnectionError);
  });

  it('refuses a URL that is neither http nor https', async () => {
    const error = await failure(createHttpTransport()(new URL('ftp://upstream.example/a'), get()));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toBe('unsupported protocol ftp:');
  });

  it('checks maxSockets once, at creation', () => {
    expect(() => createHttpTransport({ maxSockets: 0 })).toThrow('maxSockets must be a positive integer');
  });
});
