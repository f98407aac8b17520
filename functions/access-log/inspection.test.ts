import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedAuthorizer } from '../openfga-embedded/index.ts';
import { type AuditLog, createAuditLog } from '../runtime/audit/audit-log.ts';
import type { AuditActor, AuditEntry } from '../runtime/audit/record.ts';
import { verifyChain } from '../runtime/audit/verify-chain.ts';
import { type DevIdentity, openDevIssuer } from '../runtime/auth/dev-issuer.ts';
import { createTokenVerifier } from '../runtime/auth/token-verifier.ts';
import { guardedAuthorizer } from '../runtime/authz/guarded-authorizer.ts';
import { loadModel } from '../runtime/authz/model.ts';
import type { Authorizer } from '../runtime/authz/port.ts';
import { loadTuplePolicy } from '../runtime/authz/tuple-policy.ts';
import { CPR_SHAPED, parseCpr, pseudonym } from '../runtime/cpr/cpr.ts';
import type { Database } from '../runtime/db/database.ts';
import { openDatabase } from '../runtime/db/open-database.ts';
import { type TestKitParts, testKit } from '../testing/test-kit.ts';
import { createApp } from './app.ts';
import { manifest } from './manifest.ts';

/**
 * The auditors' inspection (POL-007.13) through app.request(): the real model
 * behind the POL-001 guard, a real PGlite audit log with other functions'
 * records of three organisations' staff, and dev-issuer tokens.
 */
const root = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const key = new Uint8Array(32).fill(7);
const idOf = (cpr: string) => {
  const parsed = parseCpr(cpr);
  if (!parsed.ok) throw new Error('test CPR must be valid');
  return pseudonym(parsed.cpr, key);
};
const EMMA = '6701164470';
const NOAH = '6801214471';
const TORVET = '999120000000001';
const TOLDBOD = '999120000000002';
const UNGE = '999130000000004';

const health = (id: string, name: string, role: string, organisationId: string): AuditActor => ({
  id,
  name,
  role,
  organisationId,
  organisationName: organisationId === UNGE ? 'Ambulatorium for unge' : 'Lægerne Torvet',
  trustDomain: 'health',
});
const gpTorvet = health('gp-torvet', 'Grethe Torvet', 'gp', TORVET);
const gpToldbod = {
  ...health('gp-toldbod', 'Tage Toldbod', 'gp', TOLDBOD),
  organisationName: 'Toldbodlægerne',
};
const psychiatrist = health('bup-unge', 'Pia Unge', 'psychiatrist', UNGE);
const caseworker: AuditActor = {
  id: 'anna-oest',
  name: 'Anna Sagsbehandler',
  role: 'caseworker',
  organisationId: '851-myndighed-oest',
  organisationName: 'Myndighed Øst',
  trustDomain: 'municipal/851',
};
const leader: AuditActor = { ...caseworker, id: 'lars-leder', role: 'leader', organisationId: '851-familie' };
const otherMunicipality: AuditActor = {
  ...caseworker,
  id: 'bo-810',
  organisationId: '810-myndighed',
  trustDomain: 'municipal/810',
};

const access = (
  actor: AuditActor,
  child: string,
  requestId: string,
  over: Partial<AuditEntry> = {},
): AuditEntry => ({
  actor,
  childPseudonym: idOf(child),
  functionName: actor.trustDomain === 'health' ? 'case-lookup' : 'appointments',
  action: actor.trustDomain === 'health' ? 'relevant_cases.search' : 'appointments.list',
  purpose: 'treatment',
  decision: { outcome: 'allow', reasonCode: 'treating_relation' },
  override: false,
  requestId,
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  callingSystem: actor.trustDomain === 'health' ? '=HYPERLINK("http://evil.example")' : 'sapa',
  caseIds: [],
  ...over,
});

const employee = (subject: string, domain: 'health' | 'municipal', municipality?: string): DevIdentity => ({
  subject,
  name: 'Synthetic Auditor',
  role: 'auditor',
  organisation: { id: 'revision', name: 'Revision' },
  domain,
  ...(municipality ? { municipality } : {}),
});
const municipalAuditor = employee('erik-revision', 'municipal', '851');
const clinicAuditor = employee('karen-revision', 'health');
const regionAuditor = employee('bo-revision', 'health');
const gp = { ...employee('gp-torvet', 'health'), role: 'gp' };

let db: Database;
let audit: AuditLog;
let authorizer: Authorizer;
let tokens: Awaited<ReturnType<typeof openDevIssuer>>;

beforeAll(async () => {
  tokens = await openDevIssuer(join(await mkdtemp(join(tmpdir(), 'inspection-')), 'key.json'), {
    pseudonymKey: key,
  });
  db = await openDatabase({ kind: 'pglite' });
  audit = createAuditLog(db);
  for (const entry of [
    access(gpTorvet, EMMA, 'req-torvet-emma'),
    access(gpTorvet, NOAH, 'req-torvet-noah', {
      functionName: 'school-lookup',
      purpose: 'care_coordination',
    }),
    access(gpToldbod, NOAH, 'req-toldbod-noah'),
    access(psychiatrist, EMMA, 'req-unge-emma'),
    access(caseworker, EMMA, 'req-cw-emma'),
    access(leader, NOAH, 'req-leader-noah', {
      decision: { outcome: 'deny', reasonCode: 'no_relation_to_child' },
    }),
    access(otherMunicipality, NOAH, 'req-810-noah'),
  ])
    await audit.append(entry);
  authorizer = guardedAuthorizer(
    createEmbeddedAuthorizer({
      model: await loadModel(root('openfga/model/model.fga')),
      tuples: [
        { object: 'municipality:851', relation: 'auditor', user: 'user:851/erik-revision' },
        { object: `gp_clinic:${TORVET}`, relation: 'auditor', user: 'user:health/karen-revision' },
        { object: `gp_clinic:${TORVET}`, relation: 'gp', user: 'user:health/gp-torvet' },
        { object: `psychiatry_unit:${UNGE}`, relation: 'auditor', user: 'user:health/bo-revision' },
      ],
    }),
    await loadTuplePolicy(root('policies/tuple-storage.yaml')),
  );
}, 60_000);
afterAll(() => db?.close());

const torvet = { type: 'gp_clinic', sor: TORVET };
const aalborg = { type: 'municipality', code: '851' };
const unge = { type: 'psychiatry_unit', sor: UNGE };

async function inspect(
  who: DevIdentity,
  body: unknown,
  headers: Record<string, string> = {},
  over: TestKitParts = {},
) {
  const app = await createApp(
    testKit(manifest, {
      verifyToken: createTokenVerifier(tokens.trustDomains),
      authorizer,
      audit,
      pseudonymKey: key,
      ...over,
    }),
  );
  const res = await app.request('/v1/access-log/inspection/search', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await tokens.sign(who)}`,
      ...headers,
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  const json = res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined;
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    text,
    body: json,
    headers: res.headers,
  };
}
const requestIds = (body: { entries: { audit: { requestId: string } }[] }) =>
  body.entries.map((e) => e.audit.requestId);
const staffOnly = (ids: string[]) => ids.filter((id) => id.startsWith('req-'));

describe('access-log: POST /v1/access-log/inspection/search', () => {
  it('POL-007.13: each organisation’s auditor sees its own staff’s accesses across children, and nothing else', async () => {
    const clinic = await inspect(clinicAuditor, { organisation: torvet, purpose: 'routine_inspection' });
    expect(clinic.status).toBe(200);
    expect(clinic.body.organisation).toBe(`gp_clinic:${TORVET}`);
    expect(requestIds(clinic.body)).toEqual(['req-torvet-noah', 'req-torvet-emma']);
    expect(clinic.body.entries[1]).toMatchObject({
      child: idOf(EMMA),
      organisation: { name: 'Lægerne Torvet' },
      audit: { actor: { id: 'gp-torvet', name: 'Grethe Torvet', role: 'gp' }, organisationId: TORVET },
    });
    const municipal = await inspect(municipalAuditor, {
      organisation: aalborg,
      purpose: 'routine_inspection',
    });
    expect(staffOnly(requestIds(municipal.body))).toEqual(['req-leader-noah', 'req-cw-emma']);
    const region = await inspect(regionAuditor, { organisation: unge, purpose: 'complaint' });
    expect(requestIds(region.body)).toEqual(['req-unge-emma']);
  });

  it('POL-007.13: an auditor of another organisation, and a GP of the clinic, are refused', async () => {
    for (const [who, organisation] of [
      [clinicAuditor, unge],
      [regionAuditor, torvet],
      [municipalAuditor, torvet],
      [clinicAuditor, { type: 'gp_clinic', sor: TOLDBOD }],
      [municipalAuditor, { type: 'municipality', code: '810' }],
      [gp, torvet],
    ] as const) {
      const res = await inspect(who, { organisation, purpose: 'routine_inspection' });
      expect([res.status, res.type, res.body.code]).toEqual([
        403,
        'application/problem+json',
        'not_organisation_auditor',
      ]);
      expect(res.text).not.toMatch(/Grethe|req-/);
    }
  });

  it('POL-007.13: filters by employee, unit, period and child (by CPR in the body), and pages with a cursor', async () => {
    const ids = async (filter: object, extra: object = {}) =>
      staffOnly(
        requestIds(
          (await inspect(municipalAuditor, { organisation: aalborg, purpose: 'complaint', filter, ...extra }))
            .body,
        ),
      );
    expect(await ids({ employee: 'anna-oest' })).toEqual(['req-cw-emma']);
    expect(await ids({ unit: '851-familie' })).toEqual(['req-leader-noah']);
    expect(await ids({ cpr: '680121-4471' })).toEqual(['req-leader-noah']);
    expect(await ids({ to: '2000-01-01T00:00:00Z' })).toEqual([]);
    const clinicPage = (cursor?: string) =>
      inspect(clinicAuditor, {
        organisation: torvet,
        purpose: 'routine_inspection',
        limit: 1,
        ...(cursor ? { cursor } : {}),
      });
    const first = await clinicPage();
    expect(requestIds(first.body)).toEqual(['req-torvet-noah']);
    const second = await clinicPage(first.body.nextCursor);
    expect([requestIds(second.body), second.body.nextCursor]).toEqual([['req-torvet-emma'], null]);
  });

  it('POL-007.13: exports CSV by format or Accept, with a header row, formula-safe fields and the next cursor in a header', async () => {
    const byFormat = await inspect(clinicAuditor, {
      organisation: torvet,
      purpose: 'routine_inspection',
      format: 'csv',
      limit: 1,
    });
    expect(byFormat.status).toBe(200);
    expect(byFormat.type).toBe('text/csv; charset=utf-8');
    expect(byFormat.headers.get('content-disposition')).toBe(
      'attachment; filename="access-log-inspection.csv"',
    );
    expect(byFormat.headers.get('x-next-cursor')).toMatch(/^[A-Za-z0-9_-]+$/);
    const [header, row, end] = byFormat.text.split('\r\n');
    expect(header).toBe(
      '"time","child","organisation_id","organisation","employee_id","employee","role","function","action","purpose","decision","reason_code","override","request_id","trace_id","calling_system"',
    );
    expect(row).toContain(
      `"${idOf(NOAH)}","${TORVET}","Lægerne Torvet","gp-torvet","Grethe Torvet","gp","school-lookup"`,
    );
    expect(row!.endsWith(`"'=HYPERLINK(""http://evil.example"")"`)).toBe(true);
    expect(end).toBe('');
    expect(byFormat.text).not.toMatch(CPR_SHAPED);
    const byAccept = await inspect(
      clinicAuditor,
      { organisation: torvet, purpose: 'routine_inspection' },
      { accept: 'text/csv' },
    );
    expect([byAccept.type, byAccept.text.split('\r\n').length]).toEqual(['text/csv; charset=utf-8', 4]);
    const json = await inspect(
      clinicAuditor,
      { organisation: torvet, purpose: 'routine_inspection', format: 'json' },
      { accept: 'text/csv' },
    );
    expect(json.type).toBe('application/json');
  });

  it('POL-007.10, POL-007.13: the inspection is recorded on every child it shows before the answer, and the chain verifies', async () => {
    const res = await inspect(clinicAuditor, { organisation: torvet, purpose: 'complaint' });
    expect(res.status).toBe(200);
    for (const child of [EMMA, NOAH]) {
      const [record] = (await audit.query(idOf(child), { limit: 1 })).records;
      expect(record).toMatchObject({
        actor: { id: 'karen-revision', role: 'auditor', trustDomain: 'health' },
        functionName: 'access-log',
        action: 'access_log.inspect',
        purpose: 'complaint',
        decision: { outcome: 'allow', reasonCode: 'organisation_auditor' },
        answered: true,
        caseIds: [],
        requestId: res.headers.get('x-request-id'),
      });
    }
    const verified = await verifyChain(db);
    expect(verified).toMatchObject({ ok: true });
  });

  it('POL-007.10: a refused inspection naming a child is recorded on it; an audit store that cannot record shows nothing', async () => {
    const refused = await inspect(gp, { organisation: torvet, purpose: 'complaint', filter: { cpr: EMMA } });
    expect(refused.status).toBe(403);
    const [record] = (await audit.query(idOf(EMMA), { limit: 1 })).records;
    expect(record).toMatchObject({
      actor: { id: 'gp-torvet' },
      action: 'access_log.inspect',
      decision: { outcome: 'deny', reasonCode: 'no_relation_to_child' },
    });
    const broken: AuditLog = { ...audit, append: () => Promise.reject(new Error('database down')) };
    const res = await inspect(
      clinicAuditor,
      { organisation: torvet, purpose: 'complaint' },
      {},
      { audit: broken },
    );
    expect([res.status, res.body.code]).toEqual([503, 'audit_unavailable']);
    expect(res.text).not.toMatch(/Grethe|req-torvet/);
  });

  it.each([
    ['a malformed CPR number', { filter: { cpr: '67011-64470' } }, 'invalid_cpr'],
    [
      'a period that ends before it starts',
      { filter: { from: '2026-11-02T00:00:00Z', to: '2026-11-01T00:00:00Z' } },
      'invalid_filter',
    ],
    [
      'a cursor this log never gave out',
      { cursor: Buffer.from('seq:0').toString('base64url') },
      'invalid_cursor',
    ],
    ['an unknown organisation type', { organisation: { type: 'region', code: '1081' } }, 'invalid_request'],
    ['a guardian’s purpose', { purpose: 'guardian_insight' }, 'invalid_request'],
    ['an unknown format', { format: 'xlsx' }, 'invalid_request'],
  ])('answers %s with 400 and a stable code, never echoing the number', async (_what, over, code) => {
    const res = await inspect(clinicAuditor, {
      organisation: torvet,
      purpose: 'routine_inspection',
      ...over,
    });
    expect([res.status, res.body.code]).toEqual([400, code]);
    expect(res.text).not.toMatch(/67011|670116/);
  });
});
