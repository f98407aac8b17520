import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import type { PsychiatryAppointment } from '../contracts/appointments.ts';
import type { MunicipalCase } from '../contracts/case-index.ts';
import type { CitizenBlock } from '../contracts/citizen-blocks.ts';
import type { OrgUnit } from '../contracts/fk-organisation.ts';
import type { Institution } from '../contracts/institutions.ts';
import type { PsychiatryCourse } from '../contracts/psychiatry-courses.ts';
import type { FunctionManifest } from '../kit/define-function.ts';
import type { Kit, Upstreams } from '../kit/kit.ts';
import { createEmbeddedAuthorizer } from '../openfga-embedded/index.ts';
import type { TupleKey } from '../openfga-embedded/vocabulary/types.ts';
import { type AuditLog, createAuditLog } from '../runtime/audit/audit-log.ts';
import type { AuditRecord } from '../runtime/audit/record.ts';
import { type DevIdentity, openDevIssuer } from '../runtime/auth/dev-issuer.ts';
import { createTokenVerifier } from '../runtime/auth/token-verifier.ts';
import { guardedAuthorizer } from '../runtime/authz/guarded-authorizer.ts';
import { loadModel } from '../runtime/authz/model.ts';
import type { Authorizer } from '../runtime/authz/port.ts';
import { loadTuplePolicy } from '../runtime/authz/tuple-policy.ts';
import { parseCpr, pseudonym } from '../runtime/cpr/cpr.ts';
import type { Database } from '../runtime/db/database.ts';
import { openDatabase } from '../runtime/db/open-database.ts';
import { type TestKitParts, testKit } from './test-kit.ts';

/**
 * The child-access functions' tests through app.request(): the real model in
 * the embedded evaluator behind the POL-001 guard, over a small hand-written
 * Aalborg (the organisation below); a real PGlite audit log; real dev-issuer
 * tokens; in-memory upstreams holding synthetic children (substitute CPR
 * numbers) that count every call, so a test can prove what was never asked.
 */
const root = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
export const NOW = new Date('2026-11-25T10:00:00Z');
export const TORVET = '999120000000001';
export const TOLDBOD = '999120000000002';
export const BUP = '999130000000004';

/** What the upstreams know about one child. */
export interface FixtureChild {
  readonly cases?: readonly MunicipalCase[];
  readonly clinic?: string;
  readonly courses?: readonly PsychiatryCourse[];
  readonly blocks?: readonly CitizenBlock[];
  /** CPR's name-and-address protection. @default false */
  readonly addressProtected?: boolean;
  /** CPR knows no such person. @default false */
  readonly unknownToCpr?: boolean;
  readonly institution?: Institution;
  readonly appointments?: readonly PsychiatryAppointment[];
}

const health = (subject: string, name: string, role: string, id: string, org: string): DevIdentity => ({
  subject,
  name,
  role,
  organisation: { id, name: org },
  domain: 'health',
});
const municipal = (subject: string, name: string, role: string, unit: string): DevIdentity => ({
  subject,
  name,
  role,
  organisation: { id: unit, name: unit },
  domain: 'municipal',
  municipality: '851',
});
export const PEOPLE = {
  gp: health('gp-torvet', 'Grethe Torvet', 'gp', TORVET, 'Lægerne Torvet'),
  otherGp: health('gp-toldbod', 'Toke Toldbod', 'gp', TOLDBOD, 'Toldbodlægerne'),
  psychiatrist: health('bup-psych', 'Bodil Psyk', 'psychiatrist', BUP, 'Ambulatorium for børn'),
  caseworker: municipal('cw-oest', 'Line Øst', 'caseworker', '851-myndighed-oest'),
  caseworkerVest: municipal('cw-vest', 'Bo Vest', 'caseworker', '851-myndighed-vest'),
  ppr: municipal('ppr-oest', 'Pia PPR', 'ppr_psychologist', '851-ppr-oest'),
  leader: municipal('leader-familie', 'Lis Leder', 'leader', '851-familieafdelingen'),
} as const;

const edge = (below: string, above: string): TupleKey[] => [
  { object: `org_unit:${below}`, relation: 'parent', user: `org_unit:${above}` },
  { object: `org_unit:${above}`, relation: 'subunit', user: `org_unit:${below}#member_in_subtree` },
];
/** Aalborg as the sync stores it, cut down to what the tests need, and the pilot's health side. */
const ORGANISATION: TupleKey[] = [
  { object: `gp_clinic:${TORVET}`, relation: 'gp', user: 'user:health/gp-torvet' },
  { object: `gp_clinic:${TOLDBOD}`, relation: 'gp', user: 'user:health/gp-toldbod' },
  { object: `psychiatry_unit:${BUP}`, relation: 'psychiatrist', user: 'user:health/bup-psych' },
  { object: 'municipality:851', relation: 'top_unit', user: 'org_unit:851-kommune' },
  ...edge('851-familieafdelingen', '851-kommune'),
  ...edge('851-myndighed-oest', '851-familieafdelingen'),
  ...edge('851-myndighed-vest', '851-familieafdelingen'),
  ...edge('851-ppr', '851-kommune'),
  ...edge('851-ppr-oest', '851-ppr'),
  { object: 'org_unit:851-myndighed-oest', relation: 'caseworker', user: 'user:851/cw-oest' },
  { object: 'org_unit:851-myndighed-vest', relation: 'caseworker', user: 'user:851/cw-vest' },
  { object: 'org_unit:851-ppr-oest', relation: 'ppr_psychologist', user: 'user:851/ppr-oest' },
  { object: 'org_unit:851-familieafdelingen', relation: 'leader', user: 'user:851/leader-familie' },
  { object: 'kle:851-34.10', relation: 'parent', user: 'kle:851-34' },
  { object: 'kle:851-34.10.10', relation: 'parent', user: 'kle:851-34.10' },
  { object: 'kle:851-17.03', relation: 'parent', user: 'kle:851-17' },
  { object: 'kle:851-17.03.04', relation: 'parent', user: 'kle:851-17.03' },
  { object: 'kle:851-34', relation: 'performing', user: 'org_unit:851-familieafdelingen#member_in_subtree' },
  { object: 'kle:851-17.03', relation: 'performing', user: 'org_unit:851-ppr-oest#member' },
  {
    object: 'sensitivity:851-FOELSOMME_PERSONOPLYSNINGER',
    relation: 'next_higher',
    user: 'sensitivity:851-VIP_SAGER',
  },
  {
    object: 'sensitivity:851-FORTROLIGE_PERSONOPLYSNINGER',
    relation: 'next_higher',
    user: 'sensitivity:851-FOELSOMME_PERSONOPLYSNINGER',
  },
  ...['cw-oest', 'cw-vest', 'ppr-oest', 'leader-familie'].map((u) => ({
    object: 'sensitivity:851-FOELSOMME_PERSONOPLYSNINGER',
    relation: 'cleared',
    user: `user:851/${u}`,
  })),
  { object: 'kle:851-34.10.10', relation: 'relevant_to_health', user: 'user:*' },
  { object: 'kle:851-17.03.04', relation: 'relevant_to_health', user: 'user:*' },
  {
    object: 'sensitivity:851-FORTROLIGE_PERSONOPLYSNINGER',
    relation: 'shareable_with_health',
    user: 'user:*',
  },
];

const UNIT = {
  id: '851-myndighed-oest',
  municipality: '851',
  name: 'Myndighed Øst',
  parentId: '851-familieafdelingen',
  passesKleDown: false,
  kleTasks: [],
  contact: { phone: '+45 0851 0004', secureEmail: 'myndighed-oest@851.sikkermail.example' },
} as unknown as OrgUnit;

export interface Answer {
  readonly status: number;
  readonly type: string | null;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: a JSON answer, checked by each test
  readonly body: any;
}

export interface ChildAccessFixture {
  readonly audit: AuditLog;
  readonly authorizer: Authorizer;
  /** A kit for `manifest` over the fixture's children; `over` replaces parts. */
  kit(manifest: FunctionManifest, over?: TestKitParts): Kit;
  /** POSTs `body` to `path` as `who` (no token when undefined). */
  post(app: Hono, path: string, who: DevIdentity | undefined, body: unknown): Promise<Answer>;
  /** The child's audit records, newest first. */
  records(cpr: string): Promise<readonly AuditRecord[]>;
  childOf(cpr: string): string;
  /** How often each upstream method was called since the last reset. */
  readonly calls: Map<string, number>;
  /** Every upstream answer waits this long (a hanging upstream). */
  delayMs: number;
  close(): Promise<void>;
}

const KEY = new Uint8Array(32).fill(9);

export async function childAccessFixture(
  children: Readonly<Record<string, FixtureChild>>,
): Promise<ChildAccessFixture> {
  const tokens = await openDevIssuer(join(await mkdtemp(join(tmpdir(), 'child-access-')), 'key.json'));
  const db: Database = await openDatabase({ kind: 'pglite' });
  const audit = createAuditLog(db);
  const authorizer = guardedAuthorizer(
    createEmbeddedAuthorizer({
      model: await loadModel(root('openfga/model/model.fga')),
      tuples: ORGANISATION,
    }),
    await loadTuplePolicy(root('policies/tuple-storage.yaml')),
  );
  const calls = new Map<string, number>();
  const fixture: ChildAccessFixture = {
    audit,
    authorizer,
    calls,
    delayMs: 0,
    kit(manifest, over = {}) {
      const of =
        <A extends unknown[], T>(name: string, pick: (c: FixtureChild, ...rest: A) => T) =>
        async (cpr: { digits: string }, ...rest: A) => {
          calls.set(name, (calls.get(name) ?? 0) + 1);
          if (fixture.delayMs) await new Promise((r) => setTimeout(r, fixture.delayMs));
          return pick(children[cpr.digits] ?? {}, ...rest);
        };
      const upstreams: Partial<Upstreams> = {
        caseIndex: { casesOfParty: of('cases', (c) => c.cases ?? []) },
        gpListing: { listingOf: of('gpListing', (c) => (c.clinic ? { clinicSor: c.clinic } : null)) },
        courses: { coursesOf: of('courses', (c) => c.courses ?? []) },
        blocks: { blocksOf: of('blocks', (c) => c.blocks ?? []) },
        cprRegister: {
          lookup: of('person', (c) =>
            c.unknownToCpr
              ? null
              : {
                  name: 'Barn Syntetisk',
                  birthDate: '2016-01-07',
                  residenceMunicipality: '851',
                  custodyHolders: [],
                  addressProtected: c.addressProtected ?? false,
                },
          ),
        },
        institutions: { institutionOf: of('institution', (c) => c.institution ?? null) },
        appointments: {
          appointmentsOf: of('appointments', (c, period: { from: Date; to: Date }) =>
            (c.appointments ?? []).filter((a) => {
              const start = Date.parse(a.start);
              return period.from.getTime() <= start && start < period.to.getTime();
            }),
          ),
        },
        organisation: {
          unit: async () => UNIT,
          units: async () => [],
          employees: async () => [],
          auditors: async () => [],
        },
        klePlan: { titles: async () => new Map([['34.10', 'Undersøgelse og underretning']]) },
        ...over.upstreams,
      };
      const { upstreams: _, ...rest } = over;
      return testKit(manifest, {
        verifyToken: createTokenVerifier(tokens.trustDomains),
        authorizer,
        audit,
        upstreams,
        pseudonymKey: KEY,
        clock: () => NOW,
        ...rest,
      });
    },
    async post(app, path, who, body) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (who) headers.authorization = `Bearer ${await tokens.sign(who)}`;
      const res = await app.request(path, {
        method: 'POST',
        headers,
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, type: res.headers.get('content-type'), text, body: JSON.parse(text) };
    },
    childOf(cpr) {
      const parsed = parseCpr(cpr);
      if (!parsed.ok) throw new Error('test CPR must be valid');
      return pseudonym(parsed.cpr, KEY);
    },
    async records(cpr) {
      return (await audit.query(fixture.childOf(cpr))).records;
    },
    close: () => db.close(),
  };
  return fixture;
}
