import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { CredentialsMethod, OpenFgaClient } from '@openfga/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TupleKey } from '../../openfga-embedded/vocabulary/types.ts';
import { realOpenFga, SKIP_REAL_OPENFGA } from '../../testing/real-services.ts';
import { loadModel } from './model.ts';
import { createOpenFgaAuthorizer } from './openfga-adapter.ts';
import { deleteStore, type OpenFgaConnection } from './openfga-store-admin.ts';
import { type SyncedStore, syncStore } from './sync-store.ts';
import { loadTuplePolicy } from './tuple-policy.ts';

const root = resolve(import.meta.dirname, '../../..');
const model = await loadModel(resolve(root, 'openfga/model/model.fga'));
const policy = await loadTuplePolicy(resolve(root, 'policies/tuple-storage.yaml'));
const child = 'child:p-0123456789abcdef0123456789abcdef';
const server = realOpenFga();
const CLINICS = ['999120000000001', '999120000000002', '999120000000003'];
/** Three clinics of 90 GPs each: enough tuples for three write chunks. */
const organisation: TupleKey[] = CLINICS.flatMap((sor, c) =>
  Array.from({ length: 90 }, (_, i) => ({
    user: `user:gp-${c}-${i}`,
    relation: 'gp',
    object: `gp_clinic:${sor}`,
  })),
);

/** A loopback port nobody listens on: any call there would fail as `unavailable`, not as a refusal. */
async function deadConnection(): Promise<OpenFgaConnection> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address() as { port: number };
  await new Promise((done) => probe.close(done));
  return { apiUrl: `http://127.0.0.1:${port}`, timeoutMs: 2000 };
}

describe('syncStore: POL-001 before anything is written', () => {
  it.each([
    [
      'a GP listing (a fact about a child)',
      { user: 'gp_clinic:999120000000001', relation: 'listed_with', object: child },
    ],
    [
      'a child named by a CPR number',
      { user: 'municipality:851', relation: 'residence_municipality', object: 'child:6701164470' },
    ],
    ['a case', { user: 'municipality:851', relation: 'municipality', object: 'case:3f2b1c4d' }],
  ])('POL-001.2: refuses %s without calling the server or echoing the tuple', async (_what, tuple) => {
    const refused = syncStore({
      connection: await deadConnection(),
      name: 'refused',
      model,
      tuples: [...organisation, tuple],
      policy,
    });
    await expect(refused).rejects.toMatchObject({ name: 'AuthzError', code: 'invalid_tuple' });
    await expect(refused).rejects.not.toThrow(/6701164470|999120000000001|3f2b1c4d/);
  });
});

describe.skipIf(!server)(
  `syncStore against the real OpenFGA server${server ? '' : ` — ${SKIP_REAL_OPENFGA}`}`,
  () => {
    const connection = { ...server!, timeoutMs: 15_000 };
    const client = (storeId?: string) =>
      new OpenFgaClient({
        apiUrl: connection.apiUrl,
        ...(storeId ? { storeId } : {}),
        credentials: connection.apiToken
          ? { method: CredentialsMethod.ApiToken, config: { token: connection.apiToken } }
          : { method: CredentialsMethod.None },
      });
    let synced: SyncedStore;

    beforeAll(async () => {
      synced = await syncStore({
        connection,
        name: `sync-store-test-${Date.now()}`,
        model,
        tuples: organisation,
        policy,
      });
    }, 120_000);
    afterAll(async () => {
      if (synced) await deleteStore(connection, synced.storeId);
    });

    it('writes the model and every organisation tuple, in chunks, and answers the ids', async () => {
      expect(synced.storeId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
      expect(synced.modelId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
      expect(synced.tuplesWritten).toBe(organisation.length);
      const stored: string[] = [];
      let continuationToken: string | undefined;
      do {
        const page = await client(synced.storeId).read({}, { pageSize: 100, continuationToken });
        stored.push(...page.tuples.map(({ key }) => `${key.object}#${key.relation}@${key.user}`));
        continuationToken = page.continuation_token || undefined;
      } while (continuationToken);
      expect(stored.sort()).toEqual(organisation.map((t) => `${t.object}#${t.relation}@${t.user}`).sort());
    });

    it('POL-004.1: decides from the synced organisation: the child’s GP may look it up, another clinic’s may not', async () => {
      const authorizer = createOpenFgaAuthorizer({
        mode: 'openfga',
        ...connection,
        ...synced,
        maxRetries: 1,
      });
      const listed = { user: `gp_clinic:${CLINICS[0]}`, relation: 'listed_with', object: child };
      const ask = (user: string) => ({
        user,
        relation: 'can_lookup_cases',
        object: child,
        contextualTuples: [listed],
        context: { current_time: '2026-11-25T10:00:00Z' },
      });
      expect(await authorizer.batchCheck([ask('user:gp-0-42'), ask('user:gp-1-42')])).toEqual([
        { allowed: true },
        { allowed: false },
      ]);
    });

    it('deletes the new store when the server refuses a write, leaving no half-written organisation', async () => {
      const name = `sync-store-refused-${Date.now()}`;
      // Storable by POL-001, but the model does not let a unit be a clinic's GP.
      const wrongType = { user: 'org_unit:851-ppr-oest', relation: 'gp', object: `gp_clinic:${CLINICS[0]}` };
      await expect(
        syncStore({ connection, name, model, tuples: [...organisation, wrongType], policy }),
      ).rejects.toMatchObject({ name: 'AuthzError' });
      const { stores } = await client().listStores({ name });
      expect(stores).toEqual([]);
    });
  },
);
