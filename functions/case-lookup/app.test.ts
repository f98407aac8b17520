import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MunicipalCase } from '../contracts/case-index.ts';
import type { CitizenBlock } from '../contracts/citizen-blocks.ts';
import type { OrgUnit } from '../contracts/fk-organisation.ts';
import type { PsychiatryCourse } from '../contracts/psychiatry-courses.ts';
import type { Kit } from '../kit/kit.ts';
import { createEmbeddedAuthorizer } from '../openfga-embedded/index.ts';
import { type AuditLog, createAuditLog } from '../runtime/audit/audit-log.ts';
import { type DevIdentity, openDevIssuer } from '../runtime/auth/dev-issuer.ts';
import { createTokenVerifier } from '../runtime/auth/token-verifier.ts';
import { guardedAuthorizer } from '../runtime/authz/guarded-authorizer.ts';
import { loadModel } from '../runtime/authz/model.ts';
import type { Authorizer } from '../runtime/authz/port.ts';
import { loadTuplePolicy } from '../runtime/authz/tuple-policy.ts';
import { parseCpr, pseudonym } from '../runtime/cpr/cpr.ts';
import type { Database } from '../runtime/db/database.ts';
import { openDatabase } from '../runtime/db/open-database.ts';
import { AppError } from '../runtime/http/app-error.ts';
import { sampleCase } from '../testing/sample-case.ts';
import { type TestKitParts, testKit } from '../testing/test-kit.ts';
import { createApp } from './app.ts';
import { manifest } from './manifest.ts';

/**
 * case-lookup through app.request(): the real model in the embedded evaluator
 * behind the POL-001 guard, a real (PGlite) audit log, real dev-issuer tokens,
 * and in-memory upstreams holding synthetic children (substitute CPR numbers).
 */
const root = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const NOW = new Date('2026-11-25T10:00:00Z');
const TORVET = '999120000000001';
const BUP = '999130000000004';
const key = new Uint8Array(32).fill(9);

const kase = sampleCase;

interface Child {
  cases?: MunicipalCase[];
  clinic?: string;
  courses?: PsychiatryCourse[];
  blocks?: CitizenBlock[];
}
const children: Record<string, Child> = {
  '6701164470': { clinic: TORVET, cases: [kase(1), kase(2, { progressState: 'Afsluttet', active: false })] },
  '6801164471': { clinic: TORVET },
  '6901164472': { clinic: TORVET, cases: [kase(3, { sensitivity: 'VIP_SAGER' })] },
  '7001164473': {
    clinic: TORVET,
    cases: [kase(4)],
    blocks: [{ kind: 'professional', professional: 'gp-torvet' }],
  },
  '7101164474': {
    courses: [{ unitSor: BUP, start: '2026-09-01T00:00:00.000Z', end: null }],
    cases: [kase(5)],
  },
};
const unit: OrgUnit = {
  id: '851-myndighed-oest',
  municipality: '851',
  name: 'Myndighed Øst',
  parentId: '851-familieafdelingen',
  passesKleDown: false,
  kleTasks: [],
  contact: { phone: '+45 99 31 31 31', secureEmail: 'myndighed-oest@aalborg.example' },
} as unknown as OrgUnit;

const gp: DevIdentity = {
  subject: 'gp-torvet',
  name: 'Grethe Torvet',
  role: 'gp',
  organisation: { id: TORVET, name: 'Lægerne Torvet' },
  domain: 'health',
};
const otherGp: DevIdentity = {
  ...gp,
  subject: 'gp-toldbod',
  organisation: { id: '999120000000002', name: 'Toldbod' },
};
const psychiatrist: DevIdentity = {
  ...gp,
  subject: 'bup-psych',
  role: 'psychiatrist',
  organisation: { id: BUP, name: 'BUP' },
};

let db: Database;
let audit: AuditLog;
let authorizer: Authorizer;
let tokens: Awaited<ReturnType<typeof openDevIssuer>>;
let upstreamDelayMs = 0;

function deps(over: TestKitParts = {}): Kit {
  const of =
    <T>(pick: (c: Child) => T) =>
    async (cpr: { digits: string }) => {
      if (upstreamDelayMs) await new Promise((r) => setTimeout(r, upstreamDelayMs));
      return pick(children[cpr.digits] ?? {});
    };
  return testKit(manifest, {
    verifyToken: createTokenVerifier(tokens.trustDomains),
    authorizer,
    audit,
    upstreams: {
      caseIndex: { casesOfParty: of((c) => c.cases ?? []) },
      gpListing: { listingOf: of((c) => (c.clinic ? { clinicSor: c.clinic } : null)) },
      courses: { coursesOf: of((c) => c.courses ?? []) },
      blocks: { blocksOf: of((c) => c.blocks ?? []) },
      organisation: {
        unit: async () => unit,
        units: async () => [],
        employees: async () => [],
        auditors: async () => [],
      },
      ...over.upstreams,
    },
    pseudonymKey: key,
    clock: () => NOW,
    ...withoutUpstreams(over),
  });
}
const withoutUpstreams = ({ upstreams: _, ...rest }: TestKitParts) => rest;

beforeAll(async () => {
  tokens = await openDevIssuer(join(await mkdtemp(join(tmpdir(), 'case-lookup-')), 'key.json'));
  db = await openDatabase({ kind: 'pglite' });
  audit = createAuditLog(db);
  const organisation = [
    { object: `gp_clinic:${TORVET}`, relation: 'gp', user: 'user:health/gp-torvet' },
    { object: 'gp_clinic:999120000000002', relation: 'gp', user: 'user:health/gp-toldbod' },
    { object: `psychiatry_unit:${BUP}`, relation: 'psychiatrist', user: 'user:health/bup-psych' },
    { object: 'kle:851-34.10.10', relation: 'relevant_to_health', user: 'user:*' },
    {
      object: 'sensitivity:851-FORTROLIGE_PERSONOPLYSNINGER',
      relation: 'shareable_with_health',
      user: 'user:*',
    },
  ];
  authorizer = guardedAuthorizer(
    createEmbeddedAuthorizer({
      model: await loadModel(root('openfga/model/model.fga')),
      tuples: organisation,
    }),
    await loadTuplePolicy(root('policies/tuple-storage.yaml')),
  );
}, 60_000);
afterAll(() => db?.close());

async function search(who: DevIdentity | undefined, body: unknown, over: TestKitParts = {}) {
  const app = createApp(deps(over));
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (who) headers.authorization = `Bearer ${await tokens.sign(who)}`;
  const res = await app.request('/v1/relevant-cases/search', {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text), text, type: res.headers.get('content-type') };
}
const ask = (cpr: string, extra: object = {}) => ({ cpr, purpose: 'treatment', ...extra });
const childOf = (cpr: string) => {
  const parsed = parseCpr(cpr);
  if (!parsed.ok) throw new Error('test CPR must be valid');
  return pseudonym(parsed.cpr, key);
};
const records = async (cpr: string) => (await audit.query(childOf(cpr))).records;

describe('case-lookup: POST /v1/relevant-cases/search', () => {
  it('POL-004.1/POL-004.6: the child’s GP learns that a relevant active case exists and whom to call — nothing more', async () => {
    const res = await search(gp, ask('670116-4470'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      hasRelevantCase: true,
      cases: [
        {
          municipality: { code: '851', name: 'Aalborg Kommune' },
          responsibleUnit: {
            name: 'Myndighed Øst',
            phone: '+45 99 31 31 31',
            secureEmail: 'myndighed-oest@aalborg.example',
          },
          since: '2026-10-01T08:00:00.000Z',
        },
      ],
      overrideUsed: false,
    });
    // POL-004.6: no title, no KLE number or title, no case number, no caseworker.
    expect(res.text).not.toMatch(/34\.10|Undersøgelse|kle|title/i);
  });

  it('POL-002.3: a closed case is not shown (only the active one is)', async () => {
    const res = await search(gp, ask('670116-4470'));
    expect(res.body.cases).toHaveLength(1);
  });

  it('POL-004.2: a VIP case is not revealed, not even as a count', async () => {
    const res = await search(gp, ask('690116-4472'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ hasRelevantCase: false, cases: [], overrideUsed: false });
  });

  it('answers false for a listed child without cases', async () => {
    expect((await search(gp, ask('680116-4471'))).body).toEqual({
      hasRelevantCase: false,
      cases: [],
      overrideUsed: false,
    });
  });

  it('POL-004.5: a GP at another clinic is refused with 403 no_relation_to_child', async () => {
    const res = await search(otherGp, ask('670116-4470'));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'no_relation_to_child' });
    expect(res.text).not.toContain('Myndighed');
  });

  it('POL-004.3: a psychiatrist sees through a running course; without one is refused', async () => {
    expect((await search(psychiatrist, ask('710116-4474'))).body.hasRelevantCase).toBe(true);
    expect((await search(psychiatrist, ask('670116-4470'))).status).toBe(403);
  });

  it('POL-008: a blocked GP is refused as blocked_by_citizen; with an override sees the case, flagged and audited', async () => {
    const blocked = await search(gp, ask('700116-4473'));
    expect(blocked.status).toBe(403);
    expect(blocked.body).toMatchObject({ code: 'blocked_by_citizen' });
    const overridden = await search(
      gp,
      ask('700116-4473', {
        override: { reason: 'citizen_consent', justification: 'Guardian consented by phone just now' },
      }),
    );
    expect(overridden.status).toBe(200);
    expect(overridden.body).toMatchObject({ hasRelevantCase: true, overrideUsed: true });
    const [last, first] = await records('700116-4473');
    expect(first).toMatchObject({
      decision: { outcome: 'deny', reasonCode: 'blocked_by_citizen' },
      override: false,
    });
    expect(last).toMatchObject({
      decision: { outcome: 'allow', reasonCode: 'treating_relation' },
      override: true,
    });
  });

  it('POL-007.5: writes one audit record per answered request, naming the actor, the child by pseudonym and the purpose', async () => {
    const before = (await records('680116-4471')).length;
    await search(gp, ask('680116-4471', { purpose: 'care_coordination' }));
    const after = await records('680116-4471');
    expect(after.length).toBe(before + 1);
    expect(after[0]).toMatchObject({
      actor: {
        id: 'gp-torvet',
        name: 'Grethe Torvet',
        role: 'gp',
        organisationId: TORVET,
        trustDomain: 'health',
        issuer: 'urn:hoi:dev-idp:health',
      },
      answered: true,
      childPseudonym: childOf('680116-4471'),
      functionName: 'case-lookup',
      action: 'relevant_cases.search',
      purpose: 'care_coordination',
      callingSystem: 'hoi-dev',
    });
  });

  it.each([
    ['a malformed CPR number', ask('67011-64470'), 400, 'invalid_cpr'],
    ['an impossible date', ask('693116-4470'), 400, 'invalid_cpr_date'],
    ['a missing purpose', { cpr: '670116-4470' }, 400, 'invalid_request'],
    ['an unknown purpose', ask('670116-4470', { purpose: 'curiosity' }), 400, 'invalid_request'],
    [
      'an unknown override reason',
      ask('670116-4470', {
        override: { reason: 'because', justification: 'Guardian consented by phone just now' },
      }),
      400,
      'invalid_request',
    ],
    ['an unknown field', ask('670116-4470', { name: 'x' }), 400, 'invalid_request'],
    ['a body that is not JSON', '{"cpr":', 400, 'invalid_json'],
    ['a body that is too large', ask('670116-4470', { pad: 'x'.repeat(70_000) }), 413, 'body_too_large'],
  ])(
    'answers %s with a problem and a stable code, never echoing the number',
    async (_what, body, status, code) => {
      const res = await search(gp, body);
      expect(res.status).toBe(status);
      expect(res.type).toBe('application/problem+json');
      expect(res.body.code).toBe(code);
      expect(res.text).not.toMatch(/67011|69311|670116/);
    },
  );

  it('POL-004.1: a municipal IdP’s token with a GP’s subject is that municipality’s user, not the GP: 403, recorded as municipal', async () => {
    const impostor: DevIdentity = { ...gp, domain: 'municipal', municipality: '851' };
    const res = await search(impostor, ask('680116-4471'));
    expect([res.status, res.body.code]).toEqual([403, 'no_relation_to_child']);
    const [last] = await records('680116-4471');
    expect(last).toMatchObject({
      actor: { id: 'gp-torvet', trustDomain: 'municipal/851', issuer: 'urn:hoi:dev-idp:municipal:851' },
      decision: { outcome: 'deny', reasonCode: 'no_relation_to_child' },
      answered: false,
    });
  });

  it('POL-007.5: the record names the clinic the relation ran through, not the organisation the token claims', async () => {
    const claimingToldbod: DevIdentity = { ...gp, organisation: { id: '999120000000002', name: 'Toldbod' } };
    const res = await search(claimingToldbod, ask('680116-4471'));
    expect(res.status).toBe(200);
    const [last] = await records('680116-4471');
    expect(last!.actor).toMatchObject({ organisationId: TORVET, organisationName: TORVET });
  });

  it('POL-007.5: an allow whose answer then failed is recorded as not answered', async () => {
    const base = deps();
    const unknownUnit = { ...base.upstreams.organisation, unit: async () => null };
    const res = await search(gp, ask('670116-4470'), { upstreams: { organisation: unknownUnit } });
    expect([res.status, res.body.code]).toEqual([502, 'upstream_invalid_response']);
    const [last] = await records('670116-4470');
    expect(last).toMatchObject({ decision: { outcome: 'allow' }, answered: false });
  });

  it('answers 401 without a token', async () => {
    const res = await search(undefined, ask('670116-4470'));
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('missing_token');
  });

  it('POL-002.4: answers 503 when the authorizer cannot answer, and logs nothing', async () => {
    const down: Authorizer = {
      ...authorizer,
      batchCheck: async () => Promise.reject(new AppError(503, 'x', 'x')),
    };
    const closed = createEmbeddedAuthorizer({
      model: await loadModel(root('openfga/model/model.fga')),
      tuples: [],
    });
    await closed.close();
    const before = (await records('670116-4470')).length;
    expect((await search(gp, ask('670116-4470'), { authorizer: closed })).body.code).toBe(
      'authorizer_unavailable',
    );
    expect((await search(gp, ask('670116-4470'), { authorizer: closed })).status).toBe(503);
    expect((await search(gp, ask('670116-4470'), { authorizer: down })).status).toBe(500);
    expect((await records('670116-4470')).length).toBe(before);
  });

  it('POL-007.5: answers 503 and no data when the audit store is down', async () => {
    const broken: AuditLog = { ...audit, append: () => Promise.reject(new Error('database down')) };
    const res = await search(gp, ask('670116-4470'), { audit: broken });
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('audit_unavailable');
    expect(res.text).not.toContain('Myndighed');
  });

  it('POL-007.5: the contacts are fetched while the record is written, yet an audit failure is still the answer', async () => {
    let auditDone = false;
    let contactAskedBeforeAudit = false;
    const slowAudit: AuditLog = {
      ...audit,
      append: async () => {
        await new Promise((r) => setTimeout(r, 50));
        auditDone = true;
        throw new Error('database down');
      },
    };
    const base = deps();
    const failingContacts = {
      ...base.upstreams,
      organisation: {
        ...base.upstreams.organisation,
        unit: async () => {
          contactAskedBeforeAudit = !auditDone;
          throw new AppError(502, 'upstream_failed', 'FK Organisation failed');
        },
      },
    };
    const res = await search(gp, ask('670116-4470'), { audit: slowAudit, upstreams: failingContacts });
    expect(contactAskedBeforeAudit).toBe(true);
    expect([res.status, res.body.code]).toEqual([503, 'audit_unavailable']);
    expect(res.text).not.toContain('Myndighed');
  });

  it('answers 504 within the deadline when an upstream hangs', async () => {
    upstreamDelayMs = 5_000;
    try {
      const started = performance.now();
      const res = await search(gp, ask('670116-4470'), { requestTimeoutMs: 300 });
      expect(res.status).toBe(504);
      expect(performance.now() - started).toBeLessThan(2_000);
    } finally {
      upstreamDelayMs = 0;
    }
  });
});
