import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CitizenBlock } from '../contracts/citizen-blocks.ts';
import type { OrgUnit } from '../contracts/fk-organisation.ts';
import { createEmbeddedAuthorizer } from '../openfga-embedded/index.ts';
import type { AuthorizationModel, TupleKey } from '../openfga-embedded/vocabulary/types.ts';
import { createAuditLog } from '../runtime/audit/audit-log.ts';
import { type DevIdentity, openDevIssuer } from '../runtime/auth/dev-issuer.ts';
import { createTokenVerifier } from '../runtime/auth/token-verifier.ts';
import { guardedAuthorizer } from '../runtime/authz/guarded-authorizer.ts';
import { loadModel } from '../runtime/authz/model.ts';
import { createOpenFgaAuthorizer } from '../runtime/authz/openfga-adapter.ts';
import { createStoreWithModel, deleteStore, writeTuples } from '../runtime/authz/openfga-store-admin.ts';
import type { Authorizer } from '../runtime/authz/port.ts';
import { loadTuplePolicy, type TuplePolicy } from '../runtime/authz/tuple-policy.ts';
import type { Database } from '../runtime/db/database.ts';
import { openDatabase } from '../runtime/db/open-database.ts';
import { realOpenFga, SKIP_REAL_OPENFGA } from '../testing/real-services.ts';
import { sampleCase } from '../testing/sample-case.ts';
import { testKit } from '../testing/test-kit.ts';
import { createApp } from './app.ts';
import { manifest } from './manifest.ts';

/**
 * A child with many cases, on both authorizers: the real OpenFGA server refuses
 * a check with more than 100 contextual tuples, so case-lookup must send each
 * check only what can decide it; the embedded evaluator refuses the same, so a
 * function that would fail in production fails in its tests too.
 */
const root = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const NOW = new Date('2026-11-25T10:00:00Z');
const TORVET = '999120000000001';
const key = new Uint8Array(32).fill(9);
const server = realOpenFga();

/** 40 open cases, every fifth VIP (never shown to health), and 5 closed ones. */
const CASES = [
  ...Array.from({ length: 40 }, (_, i) =>
    sampleCase(300 + i, i % 5 === 4 ? { sensitivity: 'VIP_SAGER' } : {}),
  ),
  ...Array.from({ length: 5 }, (_, i) => sampleCase(400 + i, { progressState: 'Afsluttet', active: false })),
];
const BLOCKS: Record<string, CitizenBlock[]> = {
  '6701164470': [],
  '7001164473': [{ kind: 'professional', professional: 'gp-torvet' }],
};
const ORGANISATION: TupleKey[] = [
  { object: `gp_clinic:${TORVET}`, relation: 'gp', user: 'user:health/gp-torvet' },
  { object: 'kle:851-34.10.10', relation: 'relevant_to_health', user: 'user:*' },
  {
    object: 'sensitivity:851-FORTROLIGE_PERSONOPLYSNINGER',
    relation: 'shareable_with_health',
    user: 'user:*',
  },
];
const unit = {
  id: '851-myndighed-oest',
  municipality: '851',
  name: 'Myndighed Øst',
  contact: { phone: '+45 99 31 31 31', secureEmail: 'myndighed-oest@aalborg.example' },
} as unknown as OrgUnit;
const gp: DevIdentity = {
  subject: 'gp-torvet',
  name: 'Grethe Torvet',
  role: 'gp',
  organisation: { id: TORVET, name: 'Lægerne Torvet' },
  domain: 'health',
};

let model: AuthorizationModel;
let policy: TuplePolicy;
let db: Database;
let tokens: Awaited<ReturnType<typeof openDevIssuer>>;
beforeAll(async () => {
  model = await loadModel(root('openfga/model/model.fga'));
  policy = await loadTuplePolicy(root('policies/tuple-storage.yaml'));
  db = await openDatabase({ kind: 'pglite' });
  tokens = await openDevIssuer(join(await mkdtemp(join(tmpdir(), 'case-lookup-many-')), 'key.json'));
}, 60_000);
afterAll(() => db?.close());

async function search(authorizer: Authorizer, cpr: string, extra: object = {}) {
  const kit = testKit(manifest, {
    verifyToken: createTokenVerifier(tokens.trustDomains),
    authorizer,
    audit: createAuditLog(db),
    upstreams: {
      caseIndex: { casesOfParty: async () => CASES },
      gpListing: { listingOf: async () => ({ clinicSor: TORVET }) },
      courses: { coursesOf: async () => [] },
      blocks: { blocksOf: async (c: { digits: string }) => BLOCKS[c.digits] ?? [] },
      organisation: {
        unit: async () => unit,
        units: async () => [],
        employees: async () => [],
        auditors: async () => [],
      },
    },
    pseudonymKey: key,
    clock: () => NOW,
  });
  const res = await (await createApp(kit)).request('/v1/relevant-cases/search', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokens.sign(gp)}` },
    body: JSON.stringify({ cpr, purpose: 'treatment', ...extra }),
  });
  return { status: res.status, body: (await res.json()) as { cases: unknown[] } };
}

interface Variant {
  readonly name: string;
  readonly skip?: string;
  open(): Promise<{ authorizer: Authorizer; close(): Promise<void> }>;
}
const VARIANTS: Variant[] = [
  {
    name: 'the embedded evaluator',
    open: async () => ({
      authorizer: guardedAuthorizer(createEmbeddedAuthorizer({ model, tuples: ORGANISATION }), policy),
      close: async () => {},
    }),
  },
  {
    name: 'the real OpenFGA server',
    ...(server ? {} : { skip: SKIP_REAL_OPENFGA }),
    open: async () => {
      const ids = await createStoreWithModel(server!, `case-lookup-many-${Date.now()}`, model);
      const config = { mode: 'openfga' as const, ...server!, ...ids, timeoutMs: 10_000, maxRetries: 1 };
      await writeTuples(config, ORGANISATION);
      return {
        authorizer: guardedAuthorizer(createOpenFgaAuthorizer(config), policy),
        close: () => deleteStore(server!, ids.storeId),
      };
    },
  },
];

for (const variant of VARIANTS) {
  describe.skipIf(variant.skip !== undefined)(
    `case-lookup with 45 cases on ${variant.name}${variant.skip ? ` — ${variant.skip}` : ''}`,
    () => {
      let opened: Awaited<ReturnType<Variant['open']>>;
      beforeAll(async () => {
        opened = await variant.open();
      }, 60_000);
      afterAll(() => opened?.close());

      it('POL-004.1/POL-004.2: answers 200 with the 32 relevant open cases (no VIP, no closed one)', async () => {
        const res = await search(opened.authorizer, '670116-4470');
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ hasRelevantCase: true, overrideUsed: false });
        expect(res.body.cases).toHaveLength(32);
        expect(res.body.cases[0]).toEqual({
          municipality: { code: '851', name: 'Aalborg Kommune' },
          responsibleUnit: {
            name: 'Myndighed Øst',
            phone: '+45 99 31 31 31',
            secureEmail: 'myndighed-oest@aalborg.example',
          },
          since: '2026-10-01T08:00:00.000Z',
        });
      });

      it('POL-008.4: a blocked GP is told so, and with an override sees the 32 cases, flagged', async () => {
        const refused = await search(opened.authorizer, '700116-4473');
        expect(refused).toMatchObject({ status: 403, body: { code: 'blocked_by_citizen' } });
        const res = await search(opened.authorizer, '700116-4473', {
          override: { reason: 'citizen_consent', justification: 'Guardian consented by phone just now' },
        });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ hasRelevantCase: true, overrideUsed: true });
        expect(res.body.cases).toHaveLength(32);
      });
    },
  );
}
