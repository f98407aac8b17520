import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { AppError } from '../http/app-error.ts';
import { createUpstreamClient, type UpstreamOptions } from './upstream-client.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let server: Server | undefined;
let hits = 0;

async function upstream(handler: Handler, options: Partial<UpstreamOptions> = {}) {
  hits = 0;
  server = createServer((req, res) => {
    hits++;
    handler(req, res);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return createUpstreamClient({
    name: 'FK Organisation',
    baseUrl: `http://127.0.0.1:${port}/api`,
    timeoutMs: 300,
    ...options,
  });
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

const unit = z.object({ id: z.string(), name: z.string() });
const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

async function problem(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return {
    status: (error as AppError).status,
    code: (error as AppError).code,
    message: (error as AppError).message,
  };
}

describe('createUpstreamClient', () => {
  it('GETs and validates JSON against the contract', async () => {
    let path = '';
    const client = await upstream((req, res) => {
      path = req.url ?? '';
      json(res, 200, { id: 'u1', name: 'Familieafdelingen', extra: true });
    });
    expect(await client.getJson('/units/u1', unit)).toEqual({ id: 'u1', name: 'Familieafdelingen' });
    expect(path).toBe('/api/units/u1');
  });

  it('retries an idempotent call on 503 and succeeds', async () => {
    // A deadline that holds the backoff on a loaded machine: this test is about the retry.
    const client = await upstream(
      (_req, res) => (hits < 2 ? json(res, 503, {}) : json(res, 200, { id: 'u', name: 'n' })),
      { timeoutMs: 3000 },
    );
    expect(await client.getJson('/units/u', unit)).toEqual({ id: 'u', name: 'n' });
    expect(hits).toBe(2);
  });

  it('does not retry a non-idempotent POST', async () => {
    const client = await upstream((_req, res) => json(res, 500, {}));
    expect(await problem(client.postJson('/letters', { a: 1 }, unit))).toMatchObject({
      status: 502,
      code: 'upstream_error',
    });
    expect(hits).toBe(1);
  });

  it('answers 504 within the deadline when the upstream hangs', async () => {
    const client = await upstream(() => {});
    const started = performance.now();
    expect(await problem(client.getJson('/units/u', unit))).toEqual({
      status: 504,
      code: 'upstream_timeout',
      message: 'FK Organisation did not answer within 300 ms',
    });
    expect(performance.now() - started).toBeLessThan(800);
  });

  it('answers 502 when the answer breaks the contract or is not JSON', async () => {
    const wrong = await upstream((_req, res) => json(res, 200, { id: 7 }));
    expect(await problem(wrong.getJson('/units/u', unit))).toMatchObject({
      status: 502,
      code: 'upstream_invalid_response',
    });
  });

  it('maps 404 to null only when asked to', async () => {
    const client = await upstream((_req, res) => json(res, 404, {}));
    expect(await client.getJson('/units/x', unit, { allowNotFound: true })).toBeNull();
    expect(await problem(client.getJson('/units/x', unit))).toMatchObject({
      status: 502,
      code: 'upstream_error',
    });
  });

  it('opens the circuit after consecutive failures and answers 503 without calling', async () => {
    const client = await upstream((_req, res) => json(res, 500, {}), { retries: 0, breakerThreshold: 2 });
    await problem(client.getJson('/a', unit));
    await problem(client.getJson('/a', unit));
    const before = hits;
    expect(await problem(client.getJson('/a', unit))).toMatchObject({
      status: 503,
      code: 'upstream_unavailable',
    });
    expect(hits).toBe(before);
  });

  it('answers 502 when nothing listens', async () => {
    const client = await upstream(() => {}, { retries: 1 });
    server?.close();
    expect(await problem(client.getJson('/a', unit))).toMatchObject({ status: 502, code: 'upstream_error' });
  });

  it('answers 502 for a refusal (4xx) without retrying, and retries a 429', async () => {
    const refusing = await upstream((_req, res) => json(res, 409, {}));
    expect(await problem(refusing.getJson('/units/u', unit))).toMatchObject({
      status: 502,
      code: 'upstream_error',
      message: 'FK Organisation refused the request (409)',
    });
    expect(hits).toBe(1);
    server?.close();
    const busy = await upstream((_req, res) =>
      hits < 2 ? json(res, 429, {}) : json(res, 200, { id: 'u', name: 'n' }),
    );
    expect(await busy.getJson('/units/u', unit)).toEqual({ id: 'u', name: 'n' });
    expect(hits).toBe(2);
  });

  it('maps a 404 answer to a POST lookup to null only when asked to', async () => {
    const client = await upstream((_req, res) => json(res, 404, {}));
    expect(await client.postJson('/persons/lookup', { cpr: 'x' }, unit, { allowNotFound: true })).toBeNull();
    expect(await problem(client.postJson('/persons/lookup', { cpr: 'x' }, unit))).toMatchObject({
      status: 502,
      code: 'upstream_error',
    });
  });

  it('makes calls in turn over one keep-alive connection', async () => {
    const client = await upstream((_req, res) => json(res, 200, { id: 'u', name: 'n' }));
    let connections = 0;
    server!.on('connection', () => connections++);
    for (let i = 0; i < 5; i++) await client.getJson('/units/u', unit);
    expect(await client.postJson('/units/search', { q: 'u' }, unit, { idempotent: true })).toEqual({
      id: 'u',
      name: 'n',
    });
    expect(hits).toBe(6);
    expect(connections).toBe(1);
  });

  it('closes the connection of a call cut by the deadline', async () => {
    const client = await upstream(() => {}, { retries: 0 });
    let closed = 0;
    server!.on('connection', (socket) => socket.on('close', () => closed++));
    expect(await problem(client.getJson('/units/u', unit))).toMatchObject({ status: 504 });
    await expect.poll(() => closed, { timeout: 1000 }).toBe(1);
  });

  it('reads a large answer whole', async () => {
    const units = z.array(unit);
    const many = Array.from({ length: 50_000 }, (_, i) => ({
      id: `u${i}`,
      name: `Børne- og familieafdeling ${i}`,
    }));
    const client = await upstream((_req, res) => json(res, 200, many), { timeoutMs: 3000 });
    expect(await client.getJson('/units', units)).toEqual(many);
  });

  it('refuses to put a CPR-shaped number in a URL', async () => {
    const client = await upstream((_req, res) => json(res, 200, {}));
    await expect(client.getJson('/persons/6101011234', unit)).rejects.toThrow('refusing a CPR-shaped number');
    expect(hits).toBe(0);
  });
});
