import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthzError } from '../../openfga-embedded/vocabulary/errors.ts';
import type { OpenFgaAuthzConfig } from './config.ts';
import { createOpenFgaAuthorizer } from './openfga-adapter.ts';

/**
 * Fault behaviour of the OpenFGA adapter over real HTTP against a scripted
 * stand-in on loopback: every way the server can fail must end in an
 * AuthzError, so the HTTP layer denies (503) instead of leaking data.
 */
type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

let server: Server | undefined;
let hits = 0;

async function fakeOpenFga(handler: Handler): Promise<OpenFgaAuthzConfig> {
  hits = 0;
  server = createServer((req, res) => {
    hits++;
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => handler(req, res, body));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    mode: 'openfga',
    apiUrl: `http://127.0.0.1:${port}`,
    storeId: '01JABCDEFGHJKMNPQRSTVWXYZ0',
    modelId: '01JABCDEFGHJKMNPQRSTVWXYZ1',
    // Generous: a busy machine must not turn a slow first call into a deadline. The hang test sets its own.
    timeoutMs: 5_000,
    maxRetries: 2,
  };
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

const request = { user: 'user:anne', relation: 'can_view', object: 'child:p-1' };

async function rejection(promise: Promise<unknown>): Promise<AuthzError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthzError);
  return error as AuthzError;
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

describe('POL-002.4: OpenFGA adapter faults end in unavailable (fail closed)', () => {
  it('passes the decision, contextual tuples and context through', async () => {
    let seen: unknown;
    const config = await fakeOpenFga((req, res, body) => {
      seen = { url: req.url, auth: req.headers.authorization, body: JSON.parse(body) };
      json(res, 200, { allowed: true });
    });
    const authorizer = createOpenFgaAuthorizer({ ...config, apiToken: 'key-1' });
    const tuple = { user: 'gp_clinic:1', relation: 'listed_clinic', object: 'child:p-1' };
    await expect(
      authorizer.check({
        ...request,
        contextualTuples: [tuple],
        context: { current_time: '2026-11-25T10:00:00Z' },
      }),
    ).resolves.toEqual({ allowed: true });
    expect(seen).toMatchObject({
      url: `/stores/${config.storeId}/check`,
      auth: 'Bearer key-1',
      body: {
        tuple_key: request,
        contextual_tuples: { tuple_keys: [tuple] },
        context: { current_time: '2026-11-25T10:00:00Z' },
        authorization_model_id: config.modelId,
      },
    });
  });

  it('never follows a redirect: an answer from elsewhere is no decision', async () => {
    const config = await fakeOpenFga((req, res) => {
      if (req.url?.startsWith('/elsewhere')) return json(res, 200, { allowed: true });
      res.writeHead(307, { location: '/elsewhere/check' });
      res.end();
    });
    const error = await rejection(createOpenFgaAuthorizer({ ...config, maxRetries: 0 }).check(request));
    expect(error.code).toBe('unavailable');
    expect(hits).toBe(1);
  });

  it('retries a check on 500 and then gives up as unavailable', async () => {
    const config = await fakeOpenFga((_req, res) =>
      json(res, 500, { code: 'internal_error', message: 'boom' }),
    );
    const error = await rejection(createOpenFgaAuthorizer(config).check(request));
    expect(error.code).toBe('unavailable');
    expect(hits).toBe(3);
  });

  it('answers unavailable within the deadline when the server hangs', async () => {
    const config = { ...(await fakeOpenFga(() => {})), timeoutMs: 300 };
    const started = performance.now();
    const error = await rejection(createOpenFgaAuthorizer(config).check(request));
    expect(error.code).toBe('unavailable');
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('answers unavailable when nothing listens', async () => {
    const config = await fakeOpenFga(() => {});
    server?.close();
    const error = await rejection(createOpenFgaAuthorizer({ ...config, maxRetries: 0 }).check(request));
    expect(error.code).toBe('unavailable');
  });

  it('reports an invalid request with OpenFGA’s code and does not retry it', async () => {
    const config = await fakeOpenFga((_req, res) =>
      json(res, 400, { code: 'type_not_found', message: 'type=childx not found' }),
    );
    const error = await rejection(createOpenFgaAuthorizer(config).check(request));
    expect(error.code).toBe('type_not_found');
    expect(error.numericCode).toBe(2021);
    expect(hits).toBe(1);
  });

  it('treats a wrong key (401) or a missing store (404) as unavailable', async () => {
    const config = await fakeOpenFga((req, res) =>
      req.url?.includes('check')
        ? json(res, 401, { code: 'unauthenticated', message: 'unauthenticated' })
        : json(res, 404, { code: 'store_id_not_found', message: 'not found' }),
    );
    const authorizer = createOpenFgaAuthorizer(config);
    expect((await rejection(authorizer.check(request))).code).toBe('unavailable');
    expect(
      (await rejection(authorizer.listObjects({ user: 'user:a', relation: 'r', type: 'child' }))).code,
    ).toBe('unavailable');
    await expect(authorizer.ready()).resolves.toBe(false);
  });

  it('fails the whole batch when one check cannot be answered', async () => {
    const config = await fakeOpenFga((_req, res, body) =>
      body.includes('child:p-2') ? json(res, 503, {}) : json(res, 200, { allowed: true }),
    );
    const authorizer = createOpenFgaAuthorizer({ ...config, maxRetries: 0 });
    const error = await rejection(authorizer.batchCheck([request, { ...request, object: 'child:p-2' }]));
    expect(error.code).toBe('unavailable');
  });
});
