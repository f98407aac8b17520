import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import type { PsychiatryAppointment } from '../contracts/appointments.ts';
import type { MunicipalCase } from '../contracts/case-index.ts';
import type { CitizenBlock } from '../contracts/citizen-blocks.ts';
import type { EmployeeRole, OrgUnit } from '../contracts/fk-organisation.ts';
import type { Institution } from '../contracts/institutions.ts';
import type { PsychiatryCourse } from '../contracts/psychiatry-courses.ts';
import type { FunctionManifest } from '../kit/define-function.ts';
import type { Kit, Upstreams } from '../kit/kit.ts';
import { mapOrganisation } from '../kit/org-sync/map-organisation.ts';
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
import { unit } from './sample-organisation.ts';
import { type TestKitParts, testKit } from './test-kit.ts';

/**
 * The child-access functions' tests through app.request(): the real model in
 * the embedded evaluator behind the POL-001 guard, over a small Aalborg
 * mapped by the organisation sync (below); a real PGlite audit log; real dev-issuer
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

const employee = (subject: string, unitId: string, role: EmployeeRole) => ({
  subject,
  name: subject,
  municipality: '851',
  unitId,
  roles: [role],
  clearance: 'FOELSOMME_PERSONOPLYSNINGER' as const,
});
/**
 * Aalborg cut down to what the tests need, and the pilot's health side, as the
 * organisation sync stores it (mapOrganisation: the tests follow the sync).
 */
const ORGANISATION: TupleKey[] = mapOrganisation({
  municipalities: [
    {
      code: '851',
      units: [
        unit('851-kommune', null),
        // Familieafdelingen performs KLE 34 and passes it down to its teams.
        unit('851-familieafdelingen', '851-kommune', {
          passesKleDown: true,
          kleTasks: [{ kle: '34', role: 'Ansvarlig' }],
        }),
        unit('851-myndighed-oest', '851-familieafdelingen'),
        unit('851-myndighed-vest', '851-familieafdelingen'),
        unit('851-ppr', '851-kommune'),
        unit('851-ppr-oest', '851-ppr', { kleTasks: [{ kle: '17.03', role: 'Udfoerende' }] }),
      ],
      employees: [
        employee('cw-oest', '851-myndighed-oest', 'caseworker'),
        employee('cw-vest', '851-myndighed-vest', 'caseworker'),
        employee('ppr-oest', '851-ppr-oest', 'ppr_psychologist'),
        employee('leader-familie', '851-familieafdelingen', 'leader'),
      ],
      auditors: [],
    },
  ],
  clinics: [
    {
      sor: TORVET,
      name: 'Lægerne Torvet',
      phone: '+45 0990 0100',
      staff: [{ subject: 'gp-torvet', name: 'G' }],
    },
    {
      sor: TOLDBOD,
      name: 'Toldbodlægerne',
      phone: '+45 0990 0101',
      staff: [{ subject: 'gp-toldbod', name: 'T' }],
    },
  ],
  psychiatryUnits: [
    {
      sor: BUP,
      name: 'Ambulatorium',
      parentSor: null,
      phone: '+45 0990 0200',
      staff: [{ subject: 'bup-psych', name: 'B' }],
    },
  ],
  relevantCases: {
    kleSubjects: ['34.10.10', '17.03.04'],
    sensitivityLevels: ['FORTROLIGE_PERSONOPLYSNINGER'],
    appointmentSubjects: ['34.10.10', '17.03.04'],
  },
});

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
