import { describe, expect, it } from 'vitest';
import type { Principal } from '../runtime/auth/principal.ts';
import { resolverFor, validSamples, violations } from '../runtime/openapi/schema-samples.ts';
import { testKit } from '../testing/test-kit.ts';
import { createApp } from './app.ts';
import { OVERRIDE_REASONS, PURPOSES } from './appointments-request.ts';
import { manifest } from './manifest.ts';

/**
 * appointments's /openapi.json and /docs through app.request(). Nothing here
 * reaches an upstream, the authorizer or the audit log: a body the schema
 * accepts is stopped by the CPR rule (`invalid_cpr`) that follows validation.
 */
const caseworker: Principal = {
  user: 'user:851/cw-oest',
  subject: 'cw-oest',
  name: 'Line Øst',
  role: 'caseworker',
  organisation: { id: '851-myndighed-oest', name: 'Myndighed Øst' },
  domain: 'municipal',
  issuer: 'urn:hoi:dev-idp:municipal:851',
  municipality: '851',
};
// Nothing else is given: a part reached for would throw.
const app = createApp(
  testKit(manifest, { verifyToken: async () => caseworker, pseudonymKey: new Uint8Array(32) }),
);

// biome-ignore lint/suspicious/noExplicitAny: the document is JSON walked by key in assertions
type Json = any;
const doc: Json = await (await app.request('/openapi.json')).json();
const search = doc.paths['/v1/appointments/search'].post;
const requestSchema = search.requestBody.content['application/json'].schema;
const resolve = resolverFor(doc);
const post = (body: unknown) =>
  app.request('/v1/appointments/search', {
    method: 'POST',
    headers: { authorization: 'Bearer a.b.c', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('appointments: /openapi.json and /docs', () => {
  it('are public while the search needs a token', async () => {
    expect((await app.request('/openapi.json')).status).toBe(200);
    const page = await app.request('/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'self'/);
    const anonymous = await app.request('/v1/appointments/search', { method: 'POST' });
    expect(anonymous.status).toBe(401);
  });

  it('describe the function from its manifest, and every route it serves', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toEqual({ title: 'appointments', description: manifest.description, version: '1.0.0' });
    const served = app.routes
      .filter((r) => r.method !== 'ALL' && r.path !== '/openapi.json' && !r.path.startsWith('/docs'))
      .map((r) => `${r.method.toLowerCase()} ${r.path}`);
    const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item as object).map((method) => `${method} ${path}`),
    );
    expect(new Set(served)).toEqual(new Set(documented));
    for (const { method, path } of manifest.routes)
      expect(doc.paths[path][method.toLowerCase()]).toBeDefined();
  });

  it('POL-003.12/POL-003.14: documents the request, the answer (no clinical field) and each problem with its stable codes', () => {
    expect(search.security).toEqual([{ bearerAuth: [] }]);
    const body: Json = resolve(requestSchema);
    expect(body.required).toEqual(['cpr', 'purpose']);
    expect(body.additionalProperties).toBe(false);
    // POL-003.14: the guardian's consent is the only override a caseworker has.
    expect(body.properties.override.properties.reason.enum).toEqual([...OVERRIDE_REASONS]);
    expect(OVERRIDE_REASONS).toEqual(['citizen_consent']);
    const answer: Json = resolve(search.responses['200'].content['application/json'].schema);
    expect(answer.required).toEqual(['window', 'upcoming', 'recent', 'overrideUsed']);
    const problem = (status: string) => search.responses[status].content['application/problem+json'].schema;
    expect(problem('403').allOf[1].properties.code.enum).toEqual([
      'no_relation_to_child',
      'blocked_by_citizen',
    ]);
    expect(body.properties.purpose.enum).toEqual(['case_handling', 'care_coordination']);
    const shown: Json = resolve(answer.properties.upcoming.items);
    expect(Object.keys(shown.properties)).toEqual(['start', 'end', 'status', 'kind', 'kindTitle', 'unit']);
    expect(problem('400').allOf[1].properties.code.enum).toEqual([
      'invalid_request',
      'invalid_json',
      'invalid_cpr',
      'invalid_cpr_date',
    ]);
    expect(Object.keys(search.responses)).toEqual([
      '200',
      '400',
      '401',
      '403',
      '413',
      '415',
      '500',
      '502',
      '503',
      '504',
    ]);
  });
});

describe('appointments: the documented request is what the search enforces', () => {
  it('accepts every purpose and override reason the document lists (the CPR rule then refuses the dummy)', async () => {
    const samples = validSamples(requestSchema, resolve);
    expect(new Set(samples.map((s) => (s as { purpose: string }).purpose))).toEqual(new Set(PURPOSES));
    for (const body of samples) {
      const answer = await post(body);
      expect([answer.status, ((await answer.json()) as { code: string }).code]).toEqual([400, 'invalid_cpr']);
    }
  });

  it('refuses every documented rule broken with invalid_request naming the field', async () => {
    const broken = violations(requestSchema, resolve);
    expect(broken.length).toBeGreaterThan(3);
    for (const { rule, path, body } of broken) {
      const answer = await post(body);
      const problem = (await answer.json()) as { code: string; errors: { path: string }[] };
      expect([answer.status, problem.code], `${rule} ${path}`).toEqual([400, 'invalid_request']);
      expect(problem.errors.map((e) => e.path)).toContain(path);
    }
  });
});
