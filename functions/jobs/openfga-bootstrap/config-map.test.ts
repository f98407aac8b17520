import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configMapPublisher } from './config-map.ts';

const TOKEN = 'service-account-token-abc';
const PATH = '/api/v1/namespaces/hoi-platform/configmaps/openfga-store';
const IDS = { storeId: '01JSTORE0000000000000000AA', modelId: '01JMODEL0000000000000000BB' };

interface Request {
  method: string;
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}
/** A fake API server: records each request and answers what the test set for the ConfigMap. */
let server: Server;
let apiUrl: string;
let requests: Request[];
let answer: { get: number; patch: number; data?: Record<string, string> };

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      requests.push({
        method: req.method!,
        url: req.url!,
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        body,
      });
      const status = req.method === 'GET' ? answer.get : answer.patch;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          status < 300 ? { kind: 'ConfigMap', data: answer.data } : { kind: 'Status', code: status },
        ),
      );
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));
beforeEach(() => {
  requests = [];
  answer = { get: 200, patch: 200 };
});

const publisher = () =>
  configMapPublisher({
    apiUrl,
    token: TOKEN,
    namespace: 'hoi-platform',
    name: 'openfga-store',
    timeoutMs: 2000,
  });

describe('configMapPublisher', () => {
  it("reads the empty ConfigMap the stack created, then merge-patches only its data, with the Job's token", async () => {
    expect(await publisher().publish(IDS)).toBe('updated');
    expect(requests).toEqual([
      { method: 'GET', url: PATH, authorization: `Bearer ${TOKEN}`, contentType: undefined, body: '' },
      {
        method: 'PATCH',
        url: `${PATH}?fieldManager=openfga-bootstrap`,
        authorization: `Bearer ${TOKEN}`,
        contentType: 'application/merge-patch+json',
        body: JSON.stringify({ data: IDS }),
      },
    ]);
  });

  it('patches a ConfigMap holding other ids (a new model)', async () => {
    answer.data = { storeId: IDS.storeId, modelId: '01JMODEL0000000000000000AA' };
    expect(await publisher().publish(IDS)).toBe('updated');
    expect(requests.map((r) => r.method)).toEqual(['GET', 'PATCH']);
  });

  it('only reads when the ConfigMap already holds these ids', async () => {
    answer.data = { ...IDS };
    expect(await publisher().publish(IDS)).toBe('unchanged');
    expect(requests.map((r) => r.method)).toEqual(['GET']);
  });

  it('fails, creating nothing, when the ConfigMap does not exist', async () => {
    answer.get = 404;
    await expect(publisher().publish(IDS)).rejects.toThrow(
      'ConfigMap hoi-platform/openfga-store does not exist: the platform stack creates it',
    );
    expect(requests.map((r) => r.method)).toEqual(['GET']);
  });

  it('fails naming the status when RBAC refuses the patch', async () => {
    answer.patch = 403;
    await expect(publisher().publish(IDS)).rejects.toThrow(
      'the Kubernetes API answered 403 to PATCH configmaps/openfga-store',
    );
  });

  it('fails when the API server does not answer', async () => {
    const unreachable = configMapPublisher({
      apiUrl: 'http://127.0.0.1:1',
      token: TOKEN,
      namespace: 'hoi-platform',
      name: 'openfga-store',
      timeoutMs: 2000,
    });
    await expect(unreachable.publish(IDS)).rejects.toThrow(
      'the Kubernetes API did not answer GET configmaps/openfga-store',
    );
  });
});
