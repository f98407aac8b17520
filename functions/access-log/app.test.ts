import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseParties } from '../contracts/case-parties.ts';
import type { Person } from '../contracts/cpr-register.ts';
import type { Kit } from '../kit/kit.ts';
import { createEmbeddedAuthorizer } from '../openfga-embedded/index.ts';
import { type AuditLog, createAuditLog } from '../runtime/audit/audit-log.ts';
import type { AuditEntry } from '../runtime/audit/record.ts';
import { type DevIdentity, openDevIssuer } from '../runtime/auth/dev-issuer.ts';
import { createTokenVerifier } from '../runtime/auth/token-verifier.ts';
import { guardedAuthorizer } from '../runtime/authz/guarded-authorizer.ts';
import { loadModel } from '../runtime/authz/model.ts';
import type { Authorizer } from '../runtime/authz/port.ts';
import { loadTuplePolicy } from '../runtime/authz/tuple-policy.ts';
import { CPR_SHAPED, parseCpr, pseudonym } from '../runtime/cpr/cpr.ts';
import type { Database } from '../runtime/db/database.ts';
import { openDatabase } from '../runtime/db/open-database.ts';
import { withAccessLog } from '../runtime/log/access-log.ts';
import { createLogger } from '../runtime/log/logger.ts';
import { type TestKitParts, testKit } from '../testing/test-kit.ts';
import { cursorOf } from './access-log-request.ts';
import { createApp } from './app.ts';
import { manifest } from './manifest.ts';

/**
 * access-log through app.request(): the real model in the embedded evaluator
 * behind the POL-001 guard, a real (PGlite) audit log holding the accesses of
 * other functions, real dev-issuer tokens (citizens by CPR, employees by
 * subject) and CPR in memory with synthetic people (substitute numbers).
 */
const root = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const key = new Uint8Array(32).fill(5);
const idOf = (cpr: string) => {
  const parsed = parseCpr(cpr);
  if (!parsed.ok) throw new Error('test CPR must be valid');
  return pseudonym(parsed.cpr, key);
};

const EMMA = '6701164470'; // lives in Aalborg; mother and father hold custody
const NOAH = '6801214471'; // lives in Aalborg; another family
const ALMA = '6901194472'; // lives in Brønderslev
const IDA = '7002184474'; // lives in Aalborg; a notification case concerns her mother
const OSKAR = '6701104473'; // born 7 January 2010: 15 and older; lives in Aalborg
const LIV = '6912124476'; // born 9 December 2012: turns 15 in December 2027
const MOTHER = '6705801236';
const FATHER = '6807791237';
const NOAHS_MOTHER = '7009851238';
const IDAS_MOTHER = '7104861240';
const IDAS_FATHER = '7206851241';
const OSKARS_MOTHER = '7308811242';
const birthDateOf = (cpr: string) => {
  const parsed = parseCpr(cpr);
  if (!parsed.ok) throw new Error('test CPR must be valid');
  return parsed.cpr.birthDate;
};
const person = (cpr: string, name: string, residence: string, holders: string[]): Person => ({
  name,
  birthDate: birthDateOf(cpr),
  residenceMunicipality: residence,
  custodyHolders: holders.map(idOf),
  addressProtected: false,
});
const people: Record<string, Person> = {
  [EMMA]: person(EMMA, 'Emma Holm', '851', [MOTHER, FATHER]),
  [NOAH]: person(NOAH, 'Noah Lund', '851', [NOAHS_MOTHER]),
  [ALMA]: person(ALMA, 'Alma Berg', '810', [MOTHER]),
  [IDA]: person(IDA, 'Ida Krogh', '851', [IDAS_MOTHER, IDAS_FATHER]),
  [OSKAR]: person(OSKAR, 'Oskar Dahl', '851', [OSKARS_MOTHER]),
  [LIV]: person(LIV, 'Liv Dahl', '851', [OSKARS_MOTHER]),
};
/** Ida's cases in the case index: a notification about her mother, and a support case naming no one else. */
const NOTIFICATION = '3f2b1c4d-0000-4000-8000-000000000101';
const SUPPORT = '3f2b1c4d-0000-4000-8000-000000000102';
const parties: Record<string, CaseParties[]> = {
  [IDA]: [
    { caseId: NOTIFICATION, secondaryParties: [idOf(IDAS_MOTHER)] },
    { caseId: SUPPORT, secondaryParties: [] },
  ],
};

const citizen = (cpr: string): DevIdentity => ({
  subject: `mitid-${cpr.slice(6)}`,
  name: 'Synthetic Citizen',
  role: 'custody_holder',
  organisation: { id: 'citizen', name: 'Borger' },
  domain: 'citizen',
  cpr,
});
const mother = citizen(MOTHER);
const father = citizen(FATHER);
const noahsMother = citizen(NOAHS_MOTHER);
const idasMother = citizen(IDAS_MOTHER);
const idasFather = citizen(IDAS_FATHER);
const oskar = citizen(OSKAR);
const oskarsMother = citizen(OSKARS_MOTHER);
const liv = citizen(LIV);
const auditor: DevIdentity = {
  subject: 'erik-revision',
  name: 'Erik Revisor',
  role: 'auditor',
  organisation: { id: '851-intern-revision', name: 'Intern Revision' },
  domain: 'municipal',
  municipality: '851',
};
const otherAuditor: DevIdentity = {
  ...auditor,
  subject: 'tove-revision',
  organisation: { id: '810-revision', name: 'Revision' },
  municipality: '810',
};
const gp: DevIdentity = {
  subject: 'gp-torvet',
  name: 'Grethe Torvet',
  role: 'gp',
  organisation: { id: '999120000000001', name: 'Lægerne Torvet' },
  domain: 'health',
};

/** What the other functions logged about Emma before anyone asks who looked, oldest first. */
const access = (over: Partial<AuditEntry> & { child?: string }): AuditEntry => ({
  actor: {
    id: 'gp-torvet',
    name: 'Grethe Torvet',
    role: 'gp',
    organisationId: '999120000000001',
    organisationName: 'Lægerne Torvet',
  },
  childPseudonym: idOf(over.child ?? EMMA),
  functionName: 'case-lookup',
  action: 'relevant_cases.search',
  purpose: 'treatment',
  decision: { outcome: 'allow', reasonCode: 'treating_relation' },
  override: false,
  requestId: 'req-seed',
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  callingSystem: 'lps:xmo',
  ...over,
});
const caseworker = {
  id: 'anna-oest',
  name: 'Anna Sagsbehandler',
  role: 'caseworker',
  organisationId: '851-myndighed-oest',
  organisationName: 'Myndighed Øst',
};

let db: Database;
let audit: AuditLog;
let authorizer: Authorizer;
let tokens: Awaited<ReturnType<typeof openDevIssuer>>;

function kit(over: TestKitParts = {}): Kit {
  return testKit(manifest, {
    verifyToken: createTokenVerifier(tokens.trustDomains),
    authorizer,
    audit,
    upstreams: {
      cprRegister: { lookup: async (cpr) => people[cpr.digits] ?? null },
      caseParties: { partiesOf: async (cpr) => parties[cpr.digits] ?? [] },
    },
    pseudonymKey: key,
    ...over,
  });
}

beforeAll(async () => {
  tokens = await openDevIssuer(join(await mkdtemp(join(tmpdir(), 'access-log-')), 'key.json'), {
    pseudonymKey: key,
  });
  db = await openDatabase({ kind: 'pglite' });
  audit = createAuditLog(db);
  for (const entry of [
    access({ requestId: 'req-gp-1' }),
    access({ requestId: 'req-gp-2', decision: { outcome: 'deny', reasonCode: 'blocked_by_citizen' } }),
    access({ requestId: 'req-gp-3', override: true, purpose: 'care_coordination' }),
    access({
      requestId: 'req-cw-1',
      actor: caseworker,
      functionName: 'appointments',
      action: 'appointments.list',
    }),
    access({ requestId: 'req-noah', child: NOAH }),
    // Ida: an access to the notification about her mother, one to her support case, one to no case, one from before cases were recorded.
    access({ child: IDA, requestId: 'req-ida-older' }),
    access({
      child: IDA,
      requestId: 'req-ida-notification',
      actor: caseworker,
      functionName: 'appointments',
      action: 'appointments.list',
      caseIds: [NOTIFICATION],
    }),
    access({ child: IDA, requestId: 'req-ida-support', caseIds: [SUPPORT] }),
    access({ child: IDA, requestId: 'req-ida-school', functionName: 'school-lookup', caseIds: [] }),
    access({ child: OSKAR, requestId: 'req-oskar' }),
  ])
    await audit.append(entry);
  authorizer = guardedAuthorizer(
    createEmbeddedAuthorizer({
      model: await loadModel(root('openfga/model/model.fga')),
      tuples: [
        { object: 'municipality:851', relation: 'auditor', user: 'user:851/erik-revision' },
        { object: 'municipality:810', relation: 'auditor', user: 'user:810/tove-revision' },
        { object: 'gp_clinic:999120000000001', relation: 'gp', user: 'user:health/gp-torvet' },
      ],
    }),
    await loadTuplePolicy(root('policies/tuple-storage.yaml')),
  );
}, 60_000);
afterAll(() => db?.close());

/** Every access-log line and response header of the calls below, for the CPR and pseudonym scan. */
const seen: string[] = [];
async function appOf(over: TestKitParts = {}): Promise<Hono> {
  const logger = createLogger({ write: (line) => seen.push(line) });
  return withAccessLog(await createApp(kit(over)), { logger, function: 'access-log' });
}

async function search(who: DevIdentity | undefined, body: unknown, over: TestKitParts = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (who) headers.authorization = `Bearer ${await tokens.sign(who)}`;
  const res = await (await appOf(over)).request('/v1/access-log/search', {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  seen.push(JSON.stringify([...res.headers.entries()]));
  const text = await res.text();
  return {
    status: res.status,
    body: JSON.parse(text),
    text,
    type: res.headers.get('content-type'),
    requestId: res.headers.get('x-request-id'),
  };
}
const asGuardian = (cpr: string, extra: object = {}) => ({ cpr, purpose: 'guardian_insight', ...extra });
const asAuditor = (cpr: string, extra: object = {}) => ({ cpr, purpose: 'routine_inspection', ...extra });
const records = async (cpr: string) => (await audit.query(idOf(cpr), { limit: 500 })).records;
// biome-ignore lint/suspicious/noExplicitAny: entries are JSON walked by key in assertions
const staffAccesses = (entries: any[]) => entries.filter((e) => e.data.code !== 'access-log');

describe('access-log: POST /v1/access-log/search', () => {
  it('POL-007.1, POL-007.6: a custody holder sees who looked at their child — when, organisation, role, kind of data, why, decision, override — newest first, never an employee’s name or id', async () => {
    const res = await search(mother, asGuardian('670116-4470'));
    expect(res.status).toBe(200);
    expect(res.body.view).toBe('guardian');
    const entries = staffAccesses(res.body.entries);
    expect(entries).toHaveLength(4);
    expect(entries[0]).toEqual({
      time: expect.any(String),
      organisation: { name: 'Myndighed Øst', municipality: 'Aalborg Kommune' },
      role: { code: 'caseworker', text: 'Sagsbehandler' },
      data: { code: 'appointments', text: 'Barnets aftaler i børne- og ungdomspsykiatrien' },
      purpose: { code: 'treatment', text: 'Behandling' },
      decision: { code: 'allowed', text: 'Oplysninger vist' },
      override: false,
    });
    expect(
      entries
        .slice(1)
        .map((e: { purpose: { code: string }; decision: { code: string }; override: boolean }) => [
          e.purpose.code,
          e.decision.code,
          e.override,
        ]),
    ).toEqual([
      ['care_coordination', 'allowed', true],
      ['treatment', 'refused', false],
      ['treatment', 'allowed', false],
    ]);
    expect(entries[1]).toMatchObject({
      organisation: { name: 'Lægerne Torvet', municipality: null },
      role: { code: 'gp', text: 'Praktiserende læge' },
    });
    expect(res.text).not.toMatch(/Grethe|Anna|gp-torvet|anna-oest|req-|"audit"/);
  });

  it('POL-009.5: the view says how far back the log reaches: null before any purge, else the instant it is complete from', async () => {
    expect((await search(mother, asGuardian(EMMA))).body.coversFrom).toBeNull();
    const purged: AuditLog = {
      ...audit,
      query: async (child, page) => ({
        ...(await audit.query(child, page)),
        coversFrom: new Date('2026-03-11T00:00:00.000Z'),
      }),
    };
    for (const [who, body] of [
      [mother, asGuardian(EMMA)],
      [auditor, asAuditor(EMMA)],
    ] as const) {
      const res = await search(who, body, { audit: purged });
      expect([res.status, res.body.coversFrom]).toEqual([200, '2026-03-11T00:00:00.000Z']);
    }
  });

  it('POL-007.1: both custody holders see the log; the guardian of another child is refused, and the refusal is audited', async () => {
    expect((await search(father, asGuardian(EMMA))).status).toBe(200);
    const before = (await records(EMMA)).length;
    const res = await search(noahsMother, asGuardian(EMMA));
    expect(res.status).toBe(403);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.code).toBe('no_relation_to_child');
    expect(res.text).not.toMatch(/Lægerne|Myndighed/);
    const [last] = await records(EMMA);
    expect((await records(EMMA)).length).toBe(before + 1);
    expect(last).toMatchObject({
      actor: { id: idOf(NOAHS_MOTHER), role: 'citizen' },
      functionName: 'access-log',
      decision: { outcome: 'deny', reasonCode: 'no_relation_to_child' },
    });
  });

  it('POL-007.1: a guardian sees only their own child: their child’s log holds none of another child’s records', async () => {
    const res = await search(noahsMother, asGuardian(NOAH));
    expect(res.status).toBe(200);
    expect(staffAccesses(res.body.entries)).toHaveLength(1);
    expect((await search(mother, asGuardian(NOAH))).status).toBe(403);
  });

  it('POL-007.2, POL-007.7: the auditor of the residence municipality sees the same, plus request id, function, reason code and the employee', async () => {
    const res = await search(auditor, asAuditor(EMMA));
    expect(res.status).toBe(200);
    expect(res.body.view).toBe('auditor');
    const refused = res.body.entries.find(
      (e: { audit: { requestId: string } }) => e.audit.requestId === 'req-gp-2',
    );
    expect(refused).toMatchObject({
      role: { code: 'gp', text: 'Praktiserende læge' },
      decision: { code: 'refused' },
      audit: {
        requestId: 'req-gp-2',
        function: 'case-lookup',
        action: 'relevant_cases.search',
        reasonCode: 'blocked_by_citizen',
        callingSystem: 'lps:xmo',
        organisationId: '999120000000001',
        actor: { id: 'gp-torvet', name: 'Grethe Torvet', role: 'gp' },
      },
    });
  });

  it('POL-007.2: the auditor of another municipality is refused', async () => {
    const res = await search(otherAuditor, asAuditor(EMMA));
    expect([res.status, res.body.code]).toEqual([403, 'no_relation_to_child']);
    expect((await search(otherAuditor, asAuditor(ALMA))).status).toBe(200);
    expect((await search(auditor, asAuditor(ALMA))).status).toBe(403);
  });

  it('POL-007.3: a professional with a relation to the child is refused', async () => {
    const res = await search(gp, asAuditor(EMMA));
    expect([res.status, res.body.code]).toEqual([403, 'no_relation_to_child']);
  });

  it('POL-007.5, POL-007.10: the view itself is audited before the answer, and shows in the next view — never in its own', async () => {
    const first = await search(auditor, asAuditor(EMMA, { purpose: 'complaint' }));
    expect(first.status).toBe(200);
    const [record] = await records(EMMA);
    expect(record).toMatchObject({
      actor: { id: 'erik-revision', role: 'auditor', organisationId: '851-intern-revision' },
      childPseudonym: idOf(EMMA),
      functionName: 'access-log',
      action: 'access_log.search',
      purpose: 'complaint',
      decision: { outcome: 'allow', reasonCode: 'access_log_viewer' },
      requestId: first.requestId,
    });
    const ids = (body: { entries: { audit: { requestId: string } }[] }) =>
      body.entries.map((e) => e.audit.requestId);
    expect(ids(first.body)).not.toContain(first.requestId);
    const second = await search(auditor, asAuditor(EMMA));
    expect(ids(second.body)[0]).toBe(first.requestId);
    expect(second.body.entries[0]).toMatchObject({
      role: { code: 'auditor', text: 'Intern revisor' },
      organisation: { name: 'Intern Revision', municipality: 'Aalborg Kommune' },
      data: { code: 'access-log' },
      purpose: { code: 'complaint', text: 'Behandling af en klage' },
    });
    // A guardian sees that the auditor looked.
    const guardian = await search(mother, asGuardian(EMMA));
    expect(guardian.body.entries[0]).toMatchObject({
      role: { code: 'auditor' },
      data: { code: 'access-log' },
    });
  });

  it('POL-007.8: a custody holder does not see when a custody holder looked; the auditor does, without a name', async () => {
    const viewed = await search(father, asGuardian(EMMA));
    expect(viewed.status).toBe(200);
    const guardian = await search(mother, asGuardian(EMMA));
    expect(guardian.text).not.toMatch(/Forældremyndighedsindehaver/);
    expect(
      guardian.body.entries.filter(
        (e: { purpose: { code: string } }) => e.purpose.code === 'guardian_insight',
      ),
    ).toEqual([expect.objectContaining({ decision: expect.objectContaining({ code: 'refused' }) })]);
    const inspected = await search(auditor, asAuditor(EMMA));
    const fathers = inspected.body.entries.find(
      (e: { audit: { requestId: string } }) => e.audit.requestId === viewed.requestId,
    );
    expect(fathers).toMatchObject({
      role: { code: 'citizen', text: 'Forældremyndighedsindehaver' },
      organisation: { name: 'Borger (MitID)', municipality: null },
      purpose: { code: 'guardian_insight' },
      audit: { actor: { id: null, name: 'Forældremyndighedsindehaver', role: 'citizen' } },
    });
    // A refused citizen who holds no custody shows as a citizen, to the guardian too.
    expect(guardian.body.entries).toContainEqual(
      expect.objectContaining({
        role: { code: 'citizen', text: 'Borger' },
        decision: expect.objectContaining({ code: 'refused' }),
      }),
    );
  });

  it('POL-007.4: the log is not hidden by what the child’s facts hold beyond custody, age and residence (blocks are not even pulled)', async () => {
    const asked: string[] = [];
    const res = await search(mother, asGuardian(EMMA), {
      upstreams: {
        cprRegister: {
          lookup: async (cpr) => {
            asked.push('cpr');
            return people[cpr.digits] ?? null;
          },
        },
        caseParties: {
          partiesOf: async () => {
            asked.push('case parties');
            return [];
          },
        },
      },
    });
    expect(res.status).toBe(200);
    expect(asked).toEqual(['cpr', 'case parties']);
  });

  it('POL-007.11, POL-007.6: a child from 15 sees its own log as a guardian would, never an employee’s name', async () => {
    const res = await search(oskar, { cpr: OSKAR, purpose: 'own_insight' });
    expect(res.status).toBe(200);
    expect(res.body.view).toBe('child');
    expect(res.body.entries).toEqual([
      expect.objectContaining({
        organisation: { name: 'Lægerne Torvet', municipality: null },
        role: { code: 'gp', text: 'Praktiserende læge' },
        data: { code: 'case-lookup', text: expect.any(String) },
      }),
    ]);
    expect(res.text).not.toMatch(/Grethe|gp-torvet|req-|"audit"/);
    const again = await search(oskar, { cpr: OSKAR, purpose: 'own_insight' });
    expect(again.body.entries[0]).toMatchObject({
      role: { code: 'citizen', text: 'Barnet selv' },
      purpose: { code: 'own_insight', text: 'Egen indsigt' },
    });
  });

  it('POL-007.11: a child under 15 is refused its own log, and another citizen is not the child', async () => {
    const res = await search(liv, { cpr: LIV, purpose: 'own_insight' });
    expect([res.status, res.body.code]).toEqual([403, 'no_relation_to_child']);
    expect((await search(liv, { cpr: OSKAR, purpose: 'own_insight' })).status).toBe(403);
    expect((await search(noahsMother, { cpr: OSKAR, purpose: 'own_insight' })).status).toBe(403);
  });

  it('POL-007.12: custody holders see the log until the child turns 15, not after', async () => {
    expect((await search(oskarsMother, asGuardian(LIV))).status).toBe(200);
    const res = await search(oskarsMother, asGuardian(OSKAR));
    expect([res.status, res.body.code]).toEqual([403, 'no_relation_to_child']);
    expect(res.text).not.toMatch(/Lægerne/);
  });

  it('POL-007.11, POL-007.12: a birth date CPR holds otherwise than the number shows no citizen anything; the auditor still sees (fail closed)', async () => {
    const wrongDate: TestKitParts = {
      upstreams: {
        cprRegister: {
          lookup: async (cpr) => {
            const found = people[cpr.digits];
            return found ? { ...found, birthDate: '2009-01-07' } : null;
          },
        },
        caseParties: { partiesOf: async () => [] },
      },
    };
    expect((await search(oskar, { cpr: OSKAR, purpose: 'own_insight' }, wrongDate)).status).toBe(403);
    expect((await search(oskarsMother, asGuardian(LIV), wrongDate)).status).toBe(403);
    expect((await search(auditor, asAuditor(OSKAR), wrongDate)).status).toBe(200);
  });

  it('POL-007.14: a custody holder who is a party to a case is not shown the accesses to it, nor those of unknown cases; the other holder and the auditor are', async () => {
    const ids = (entries: { audit?: { requestId: string } }[]) => entries.map((e) => e.audit?.requestId);
    const asMother = await search(idasMother, asGuardian(IDA));
    expect(asMother.status).toBe(200);
    expect(staffAccesses(asMother.body.entries).map((e: { data: { code: string } }) => e.data.code)).toEqual([
      'school-lookup',
      'case-lookup',
    ]);
    expect(asMother.text).not.toMatch(/appointments|Myndighed/);
    const asFather = await search(idasFather, asGuardian(IDA));
    expect(staffAccesses(asFather.body.entries).map((e: { data: { code: string } }) => e.data.code)).toEqual([
      'school-lookup',
      'case-lookup',
      'appointments',
      'case-lookup',
    ]);
    const inspected = await search(auditor, asAuditor(IDA, { filter: { function: 'appointments' } }));
    expect(ids(inspected.body.entries)).toEqual(['req-ida-notification']);
  });

  it('POL-007.14: the case index failing shows a custody holder nothing (fail closed), and the view is audited as not answered', async () => {
    const { AppError } = await import('../runtime/http/app-error.ts');
    const res = await search(idasFather, asGuardian(IDA), {
      upstreams: {
        cprRegister: { lookup: async (cpr) => people[cpr.digits] ?? null },
        caseParties: {
          partiesOf: () => Promise.reject(new AppError(502, 'upstream_error', 'The case index failed')),
        },
      },
    });
    expect([res.status, res.body.code]).toEqual([502, 'upstream_error']);
    expect(res.text).not.toMatch(/Lægerne|entries/);
    const [last] = await records(IDA);
    expect(last).toMatchObject({ functionName: 'access-log', answered: false, caseIds: [] });
  });

  it('filters by period, function, organisation and overrides, and pages with an opaque cursor to the last page', async () => {
    const all = (await search(auditor, asAuditor(EMMA, { limit: 100 }))).body.entries;
    const only = async (filter: object) =>
      (await search(auditor, asAuditor(EMMA, { filter, limit: 100 }))).body.entries.map(
        (e: { audit: { requestId: string } }) => e.audit.requestId,
      );
    expect(await only({ function: 'appointments' })).toEqual(['req-cw-1']);
    expect(await only({ organisationId: '851-myndighed-oest' })).toEqual(['req-cw-1']);
    expect(await only({ overridesOnly: true })).toEqual(['req-gp-3']);
    expect(await only({ function: 'case-lookup' })).toEqual(['req-gp-3', 'req-gp-2', 'req-gp-1']);
    const oldest = all.at(-1).time;
    expect(await only({ to: oldest })).toEqual([]);
    expect((await only({ from: oldest, function: 'case-lookup' })).length).toBe(3);
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await search(
        auditor,
        asAuditor(EMMA, { limit: 2, filter: { function: 'case-lookup' }, ...(cursor ? { cursor } : {}) }),
      );
      pages.push(page.body.entries.map((e: { audit: { requestId: string } }) => e.audit.requestId));
      cursor = page.body.nextCursor ?? undefined;
      expect(cursor ?? '').not.toMatch(/\d{2}/);
    } while (cursor);
    expect(pages).toEqual([['req-gp-3', 'req-gp-2'], ['req-gp-1']]);
  });

  it.each([
    [
      'a period that ends before it starts',
      asAuditor(EMMA, { filter: { from: '2026-11-02T00:00:00Z', to: '2026-11-01T00:00:00Z' } }),
      'invalid_filter',
    ],
    ['a cursor that is not base64url', asAuditor(EMMA, { cursor: 'not a cursor!' }), 'invalid_cursor'],
    [
      'a cursor this log never gave out',
      asAuditor(EMMA, { cursor: Buffer.from('seq:0').toString('base64url') }),
      'invalid_cursor',
    ],
    [
      'a cursor holding something else',
      asAuditor(EMMA, { cursor: Buffer.from(EMMA).toString('base64url') }),
      'invalid_cursor',
    ],
    ['a date that is not RFC 3339', asAuditor(EMMA, { filter: { from: 'yesterday' } }), 'invalid_request'],
    ['an unknown filter', asAuditor(EMMA, { filter: { employee: 'x' } }), 'invalid_request'],
    ['a page size of 0', asAuditor(EMMA, { limit: 0 }), 'invalid_request'],
    ['a page size over 100', asAuditor(EMMA, { limit: 101 }), 'invalid_request'],
    ['a guardian’s purpose from the auditor', asGuardian(EMMA), 'invalid_purpose'],
    ['a malformed CPR number', asAuditor('67011-64470'), 'invalid_cpr'],
    ['a body that is not JSON', '{"cpr":', 'invalid_json'],
  ])(
    'answers %s with 400 and a stable code, before anything is decided or logged, never echoing the number',
    async (_what, body, code) => {
      const before = (await records(EMMA)).length;
      const res = await search(auditor, body);
      expect([res.status, res.type, res.body.code]).toEqual([400, 'application/problem+json', code]);
      expect(res.text).not.toMatch(/67011|670116/);
      expect((await records(EMMA)).length).toBe(before);
    },
  );

  it('answers a citizen asking with an auditor’s purpose with 400 invalid_purpose', async () => {
    const res = await search(mother, asAuditor(EMMA));
    expect([res.status, res.body.code]).toEqual([400, 'invalid_purpose']);
  });

  it('answers 401 without a token', async () => {
    expect((await search(undefined, asGuardian(EMMA))).body.code).toBe('missing_token');
  });

  it('POL-007.10: answers 503 and shows nothing when the audit store cannot take the record', async () => {
    const broken: AuditLog = { ...audit, append: () => Promise.reject(new Error('database down')) };
    const res = await search(mother, asGuardian(EMMA), { audit: broken });
    expect([res.status, res.body.code]).toEqual([503, 'audit_unavailable']);
    expect(res.text).not.toMatch(/Lægerne|Myndighed|entries/);
  });

  it('POL-007.10: answers 503 and shows nothing when the log cannot be read after the view was recorded', async () => {
    const unreadable: AuditLog = { ...audit, query: () => Promise.reject(new Error('database down')) };
    const before = (await records(EMMA)).length;
    const res = await search(auditor, asAuditor(EMMA), { audit: unreadable });
    expect([res.status, res.body.code]).toEqual([503, 'audit_unavailable']);
    expect(res.text).not.toMatch(/Lægerne|Myndighed|entries/);
    expect((await records(EMMA)).length).toBe(before + 1);
  });

  it('POL-002.4: answers 503 when CPR cannot answer, and logs nothing', async () => {
    const before = (await records(EMMA)).length;
    const { AppError } = await import('../runtime/http/app-error.ts');
    const res = await search(mother, asGuardian(EMMA), {
      upstreams: {
        cprRegister: {
          lookup: () => Promise.reject(new AppError(503, 'upstream_unavailable', 'CPR is down')),
        },
      },
    });
    expect([res.status, res.body.code]).toEqual([503, 'upstream_unavailable']);
    expect((await records(EMMA)).length).toBe(before);
  });

  it('POL-001.4: no CPR number or pseudonym in any response header or access-log line of the calls above', () => {
    expect(seen.length).toBeGreaterThan(40);
    const pseudonyms = [EMMA, NOAH, ALMA, IDA, OSKAR, LIV, MOTHER, FATHER, NOAHS_MOTHER, IDAS_MOTHER].map(
      idOf,
    );
    for (const line of seen) {
      expect(line).not.toMatch(CPR_SHAPED);
      for (const p of pseudonyms) expect(line).not.toContain(p);
    }
    expect(cursorOf(12)).not.toMatch(/12/);
  });
});
