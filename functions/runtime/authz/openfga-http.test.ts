import { FgaApiValidationError, OpenFgaClient } from '@openfga/sdk';
import { describe, expect, it } from 'vitest';
import type { Transport, TransportRequest } from '../http-client/transport.ts';
import { openFgaHttp } from './openfga-http.ts';

/**
 * The HTTP function the OpenFGA clients hand the SDK instead of axios, driven
 * through the SDK itself over a scripted transport: what goes out, and how each
 * answer comes back as the SDK expects axios to answer (openfga-adapter.test.ts
 * covers the same over real HTTP, fault by fault).
 */
const STORE = '01JABCDEFGHJKMNPQRSTVWXYZ0';
const MODEL = '01JABCDEFGHJKMNPQRSTVWXYZ1';

function scripted(answer: (url: URL, request: TransportRequest) => { status: number; body: string }) {
  const sent: { url: URL; request: TransportRequest }[] = [];
  const transport: Transport = async (url, request) => {
    sent.push({ url, request });
    const { status, body } = answer(url, request);
    return { status, text: async () => body, discard: async () => {} };
  };
  const client = new OpenFgaClient(
    {
      apiUrl: 'http://fga.test:8080',
      storeId: STORE,
      authorizationModelId: MODEL,
      retryParams: { maxRetry: 2, minWaitInMs: 1 },
      baseOptions: { timeout: 1_000 },
    },
    openFgaHttp(transport),
  );
  return { client, sent };
}

describe('openFgaHttp', () => {
  it('sends the call the SDK builds and hands back the parsed answer', async () => {
    const { client, sent } = scripted(() => ({ status: 200, body: '{"allowed":true}' }));
    const answer = await client.check({ user: 'user:anne', relation: 'gp', object: 'gp_clinic:1' });
    expect(answer.allowed).toBe(true);
    expect(sent).toHaveLength(1);
    const [{ url, request }] = sent as [{ url: URL; request: TransportRequest }];
    expect(url.href).toBe(`http://fga.test:8080/stores/${STORE}/check`);
    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body!)).toMatchObject({
      tuple_key: { user: 'user:anne', relation: 'gp', object: 'gp_clinic:1' },
      authorization_model_id: MODEL,
    });
    expect(request.signal.aborted).toBe(false);
  });

  it('sends no body with a GET', async () => {
    const { client, sent } = scripted(() => ({
      status: 200,
      body: JSON.stringify({
        authorization_model: { id: MODEL, schema_version: '1.1', type_definitions: [] },
      }),
    }));
    const answer = await client.readAuthorizationModel();
    expect(answer.authorization_model?.id).toBe(MODEL);
    expect(sent[0]!.request.method).toBe('GET');
    expect(sent[0]!.request.body).toBeUndefined();
  });

  it('lets the SDK read a 400 as OpenFGA’s validation error, with its code, and not retry it', async () => {
    const { client, sent } = scripted(() => ({
      status: 400,
      body: JSON.stringify({ code: 'validation_error', message: 'invalid CheckRequestTupleKey.User' }),
    }));
    const error = await client.check({ user: '', relation: 'gp', object: 'gp_clinic:1' }).catch((e) => e);
    expect(error).toBeInstanceOf(FgaApiValidationError);
    expect((error as FgaApiValidationError).apiErrorCode).toBe('validation_error');
    expect((error as FgaApiValidationError).statusCode).toBe(400);
    expect(sent).toHaveLength(1);
  });

  it('lets the SDK retry a 503 and a broken connection, then give up', async () => {
    let calls = 0;
    const { client, sent } = scripted(() => {
      calls++;
      if (calls === 1) throw new TypeError('socket hang up');
      return { status: 503, body: '{"code":"unavailable"}' };
    });
    const error = await client
      .check({ user: 'user:anne', relation: 'gp', object: 'gp_clinic:1' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as { statusCode?: number }).statusCode).toBe(503);
    expect(sent).toHaveLength(3);
  });

  it('refuses a method OpenFGA’s API does not use, without sending anything', async () => {
    const sent: unknown[] = [];
    const http = openFgaHttp(async (url) => {
      sent.push(url);
      return { status: 200, text: async () => '{}', discard: async () => {} };
    }) as unknown as (request: object) => Promise<unknown>;
    const error = await http({ url: 'http://fga.test/stores', method: 'patch' }).catch((e) => e);
    expect((error as Error).message).toBe('PATCH is not an OpenFGA API method');
    expect((error as { isAxiosError?: boolean }).isAxiosError).toBe(true);
    expect(sent).toEqual([]);
  });
});
