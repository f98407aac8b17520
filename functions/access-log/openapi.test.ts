import { describe, expect, it } from 'vitest';
import type { Principal } from '../runtime/auth/principal.ts';
import { resolverFor, violations } from '../runtime/openapi/schema-samples.ts';
import { testKit } from '../testing/test-kit.ts';
import { AUDITOR_PURPOSES, CITIZEN_PURPOSES, MAX_LIMIT } from './access-log-request.ts';
import { createApp } from './app.ts';
import { manifest } from './manifest.ts';

/**
 * access-log's /openapi.json and /docs through app.request(). Nothing here
 * reaches CPR, the authorizer or the audit log: a body the schema accepts is
 * stopped by the CPR rule (`invalid_cpr`) that follows validation.
 */
const auditor: Principal = {
  user: 'user:851/erik-revision',
  subject: 'erik-revision',
  name: 'Erik Revisor',
  role: 'auditor',
  organisation: { id: '851-intern-revision', name: 'Intern Revision' },
  domain: 'municipal',
  issuer: 'urn:hoi:dev-idp:municipal:851',
  municipality: '851',
};
const guardian: Principal = {
  user: `citizen:p-${'0'.repeat(32)}`,
  subject: `p-${'0'.repeat(32)}`,
  name: 'citizen',
  role: 'citizen',
  organisation: { id: 'citizen', name: 'citizen' },
  domain: 'citizen',
  issuer: 'urn:hoi:dev-idp:citizen',
};
// Nothing else is given: a part reached for would throw.
const appFor = (who: Principal) =>
  createApp(testKit(manifest, { verifyToken: async () => who, pseudonymKey: new Uint8Array(32) }));
const app = await appFor(auditor);

// biome-ignore lint/suspicious/noExplicitAny: the document is JSON walked by key in assertions
type Json = any;
const doc: Json = await (await app.request('/openapi.json')).json();
const search = doc.paths['/v1/access-log/search'].post;
const requestSchema = search.requestBody.content['application/json'].schema;
const resolve = resolverFor(doc);

const post = async (body: unknown, to = app) => {
  const res = await to.request('/v1/access-log/search', {
    method: 'POST',
    headers: { authorization: 'Bearer a.b.c', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, problem: (await res.json()) as { code: string; errors?: { path: string }[] } };
};

describe('access-log: /openapi.json and /docs', () => {
  it('are public while the search needs a token', async () => {
    expect((await app.request('/openapi.json')).status).toBe(200);
    expect((await app.request('/docs')).status).toBe(200);
    const anonymous = await app.request('/v1/access-log/search', { method: 'POST' });
    expect(anonymous.status).toBe(401);
  });

  it('describe the function from its manifest, and every route it serves', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toEqual({ title: 'access-log', description: manifest.description, version: '1.0.0' });
    const served = app.routes
      .filter((r) => r.method !== 'ALL' && r.path !== '/openapi.json' && !r.path.startsWith('/docs'))
      .map((r) => `${r.method.toLowerCase()} ${r.path}`);
    const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item as object).map((method) => `${method} ${path}`),
    );
    expect(new Set(served)).toEqual(new Set(documented));
  });

  it('documents the request: cpr, purposes, filters, page size and cursor, nothing else', () => {
    expect(search.security).toEqual([{ bearerAuth: [] }]);
    const body: Json = resolve(requestSchema);
    expect(body.required).toEqual(['cpr', 'purpose']);
    expect(body.additionalProperties).toBe(false);
    expect(body.properties.purpose.enum).toEqual([...CITIZEN_PURPOSES, ...AUDITOR_PURPOSES]);
    expect(Object.keys(body.properties.filter.properties)).toEqual([
      'from',
      'to',
      'function',
      'organisationId',
      'overridesOnly',
    ]);
    expect(body.properties.filter.properties.from.format).toBe('date-time');
    expect(body.properties.limit).toMatchObject({ type: 'integer', minimum: 1, maximum: MAX_LIMIT });
  });

  it('documents the answer — the auditor’s part optional — and each problem with its stable codes', () => {
    const answer: Json = resolve(search.responses['200'].content['application/json'].schema);
    expect(answer.required).toEqual(['view', 'entries', 'nextCursor', 'coversFrom']);
    const entry: Json = resolve(answer.properties.entries.items);
    expect(entry.required).not.toContain('audit');
    expect(entry.required).toEqual(
      expect.arrayContaining(['time', 'organisation', 'role', 'data', 'purpose', 'decision', 'override']),
    );
    const problem = (status: string) =>
      search.responses[status].content['application/problem+json'].schema.allOf[1].properties.code.enum;
    expect(problem('400')).toEqual(
      expect.arrayContaining(['invalid_filter', 'invalid_cursor', 'invalid_purpose']),
    );
    expect(problem('403')).toEqual(['no_relation_to_child']);
    expect(problem('503')).toContain('audit_unavailable');
  });
});

describe('access-log: the inspection is documented for the portal that calls it', () => {
  it('POL-007.13: documents the inspection’s request, its JSON and CSV answers, and its problems', () => {
    const inspection = doc.paths['/v1/access-log/inspection/search'].post;
    const body: Json = resolve(inspection.requestBody.content['application/json'].schema);
    expect(Object.keys(body.properties).sort()).toEqual(
      ['cursor', 'filter', 'format', 'limit', 'organisation', 'purpose'].sort(),
    );
    expect(Object.keys((resolve(body.properties.filter) as Json).properties).sort()).toEqual(
      ['cpr', 'employee', 'from', 'to', 'unit'].sort(),
    );
    expect(Object.keys(inspection.responses['200'].content).sort()).toEqual(['application/json', 'text/csv']);
    expect(
      inspection.responses['403'].content['application/problem+json'].schema.allOf[1].properties.code.enum,
    ).toEqual(['not_organisation_auditor']);
  });
});

describe('access-log: the documented request is what the search enforces', () => {
  it('accepts each documented purpose from the caller it belongs to (the CPR rule then refuses the dummy)', async () => {
    for (const purpose of AUDITOR_PURPOSES)
      expect((await post({ cpr: 'a'.repeat(10), purpose })).problem.code).toBe('invalid_cpr');
    const asGuardian = await appFor(guardian);
    for (const purpose of CITIZEN_PURPOSES)
      expect((await post({ cpr: 'a'.repeat(10), purpose }, asGuardian)).problem.code).toBe('invalid_cpr');
    const full = {
      cpr: 'a'.repeat(10),
      purpose: 'complaint',
      filter: {
        from: '2026-11-01T00:00:00Z',
        to: '2026-12-01T00:00:00+01:00',
        function: 'case-lookup',
        organisationId: '999120000000001',
        overridesOnly: true,
      },
      limit: MAX_LIMIT,
    };
    expect((await post(full)).problem.code).toBe('invalid_cpr');
  });

  it('refuses every documented rule broken, naming the field', async () => {
    const broken = violations(requestSchema, resolve);
    expect(broken.map((v) => `${v.rule} ${v.path}`)).toEqual(
      expect.arrayContaining([
        'maxLength cpr',
        'enum purpose',
        'maximum limit',
        'additionalProperties filter',
      ]),
    );
    for (const { rule, path, body } of broken) {
      const { status, problem } = await post(body);
      expect([status, problem.code], `${rule} ${path}`).toEqual([400, 'invalid_request']);
      expect(problem.errors?.map((e) => e.path)).toContain(path);
    }
  });
});
