import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readModelFile } from '../../runtime/authz/model-file.ts';
import { deleteStore, findStores } from '../../runtime/authz/openfga-store-admin.ts';
import { createLogger } from '../../runtime/log/logger.ts';
import { realOpenFga, SKIP_REAL_OPENFGA } from '../../testing/real-services.ts';
import { bootstrapStore, type StoreIds } from './bootstrap.ts';
import { openFgaAdmin } from './openfga-admin.ts';

/** The bootstrap against the real OpenFGA server that `.ci/with-services` starts. */
const server = realOpenFga();
const root = resolve(import.meta.dirname, '../../..');

describe.skipIf(!server)(
  `openfga-bootstrap against the real server${server ? '' : ` — ${SKIP_REAL_OPENFGA}`}`,
  () => {
    const storeName = `bootstrap-test-${Date.now()}`;
    const connection = { ...server!, timeoutMs: 5000 };
    afterAll(async () => {
      for (const id of await findStores(connection, storeName)) await deleteStore(connection, id);
    });

    it('creates the store with the model once, then finds both unchanged (the model as OpenFGA answers it compares equal)', async () => {
      const model = await readModelFile(resolve(root, 'openfga/model/model.fga'));
      let published: StoreIds | undefined;
      const run = () =>
        bootstrapStore({
          admin: openFgaAdmin(connection),
          publisher: {
            publish: async (ids) => {
              const same = published?.storeId === ids.storeId && published.modelId === ids.modelId;
              published = ids;
              return same ? 'unchanged' : 'updated';
            },
          },
          storeName,
          model,
          logger: createLogger({ write: () => {} }),
          waitMs: 10_000,
        });
      const first = await run();
      expect(first).toMatchObject({ storeCreated: true, modelWritten: true, published: 'updated' });
      expect(first.storeId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
      const second = await run();
      expect(second).toEqual({ ...first, storeCreated: false, modelWritten: false, published: 'unchanged' });
      expect(await findStores(connection, storeName)).toEqual([first.storeId]);
    });
  },
);
