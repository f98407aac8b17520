import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TupleKey } from '../openfga-embedded/vocabulary/types.ts';
import { modelFromDsl } from '../runtime/authz/model.ts';
import { readModelFile } from '../runtime/authz/model-file.ts';
import { createStoreWithModel, deleteStore, writeTuples } from '../runtime/authz/openfga-store-admin.ts';
import { loadTuplePolicy } from '../runtime/authz/tuple-policy.ts';
import { realOpenFga, SKIP_REAL_OPENFGA } from '../testing/real-services.ts';
import { createAuthzSyncApp } from './app.ts';
import { openFgaStore } from './wiring.ts';

/** The sync against the real OpenFGA server that `.ci/with-services` starts. */
const server = realOpenFga();
const root = resolve(import.meta.dirname, '../..');
const TOKEN = 'real-server-sync-token-0123456789abcdef';

// More than one Read page (100) and one Write chunk (100).
const members = Array.from({ length: 150 }, (_, i) => ({
  object: 'org_unit:851-kommune',
  relation: 'member',
  user: `user:syn-851-${String(1000 + i)}`,
}));
const ORGANISATION: TupleKey[] = [
  { object: 'sensitivity:851-FORTROLIGE_PERSONOPLYSNINGER', relation: 'cleared', user: 'user:syn-851-0001' },
  { object: 'org_unit:851-familie', relation: 'member', user: 'user:syn-851-0001' },
  { object: 'case_scope:851-familie/34', relation: 'handler', user: 'user:syn-851-0001' },
  ...members,
];

describe.skipIf(!server)(
  `authz-sync against the real server${server ? '' : ` — ${SKIP_REAL_OPENFGA}`}`,
  () => {
    let storeId: string | undefined;
    let organisation = ORGANISATION;
    let sync: () => Response | Promise<Response>;

    beforeAll(async () => {
      const model = await readModelFile(resolve(root, 'openfga/model/model.fga'));
      const ids = await createStoreWithModel(server!, `authz-sync-test-${Date.now()}`, model);
      storeId = ids.storeId;
      const app = createAuthzSyncApp({
        store: openFgaStore({ ...server!, storeId, timeoutMs: 5000 }),
        organisation: async () => ({ tuples: organisation }),
        model,
        policy: await loadTuplePolicy(resolve(root, 'policies/tuple-storage.yaml')),
        syncToken: TOKEN,
      });
      sync = () => app.request('/v1/sync', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    });

    afterAll(async () => {
      if (storeId) await deleteStore(server!, storeId);
    });

    it('writes the organisation in chunks, keeps the model it finds equal, then changes one role', async () => {
      const first = await sync();
      expect(first.status).toBe(200);
      const written = (await first.json()) as Record<string, unknown>;
      expect(written).toMatchObject({ written: 153, deleted: 0, unchanged: 0 });
      expect(written.model).toBeUndefined();

      expect(await (await sync()).json()).toMatchObject({ written: 0, deleted: 0, unchanged: 153 });

      organisation = ORGANISATION.map((t) => (t.relation === 'handler' ? { ...t, relation: 'reader' } : t));
      expect(await (await sync()).json()).toMatchObject({ written: 1, deleted: 1, unchanged: 152 });
    });

    it('upgrades a store synced under a model whose relations this one retired: the successors written, the rest removed', async () => {
      const model = await readModelFile(resolve(root, 'openfga/model/model.fga'));
      // An earlier model: employment and the OS2rollekatalog roles as relations of their own.
      const earlierModel = modelFromDsl(
        (await readFile(resolve(root, 'openfga/model/model.fga'), 'utf8'))
          .replace(
            'type municipality\n  relations\n',
            'type municipality\n  relations\n    define employee: [user]\n',
          )
          .replace(
            '    define handler: [user]\n',
            '    define handler: [user]\n    define caseworker: [user]\n',
          ),
        'the earlier model',
      );
      const ids = await createStoreWithModel(server!, `authz-sync-upgrade-${Date.now()}`, earlierModel);
      try {
        const earlier: TupleKey[] = [
          ...members.map((m) => ({ ...m, object: 'municipality:851', relation: 'employee' })),
          { object: 'case_scope:851-familie/34', relation: 'caseworker', user: 'user:syn-851-0001' },
        ];
        await writeTuples({ ...server!, ...ids, timeoutMs: 5000 }, earlier);
        const store = openFgaStore({ ...server!, storeId: ids.storeId, timeoutMs: 5000 });
        const app = createAuthzSyncApp({
          store,
          organisation: async () => ({ tuples: ORGANISATION }),
          model,
          policy: await loadTuplePolicy(resolve(root, 'policies/tuple-storage.yaml')),
          syncToken: TOKEN,
        });
        const response = await app.request('/v1/sync', {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}` },
        });
        expect(response.status).toBe(200);
        const body = (await response.json()) as Record<string, unknown>;
        expect(body).toMatchObject({ written: 153, deleted: 151, retired: 151, unchanged: 0 });
        expect(body.model).toBeDefined();
        const left = await store.readTuples();
        expect(left).toHaveLength(153);
        expect(left.some((t) => t.relation === 'employee' || t.relation === 'caseworker')).toBe(false);
      } finally {
        await deleteStore(server!, ids.storeId);
      }
    });
  },
);
