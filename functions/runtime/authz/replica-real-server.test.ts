import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLINIC_MODEL, canSee, staff } from '../../testing/clinic-model.ts';
import { realOpenFga, SKIP_REAL_OPENFGA } from '../../testing/real-services.ts';
import type { OpenFgaAuthzConfig } from './config.ts';
import { createOpenFgaAuthorizer } from './openfga-adapter.ts';
import { createStoreWithModel, deleteStore, writeTuples } from './openfga-store-admin.ts';
import { deleteTuples } from './openfga-store-reader.ts';
import { type ReplicaAuthorizer, replicaAuthorizer } from './replica-authorizer.ts';

/** The copy of a store on the real OpenFGA server that `.ci/with-services` starts, fed by its ReadChanges. */
const server = realOpenFga();

const model = CLINIC_MODEL;

describe.skipIf(!server)(
  `the store's copy against the real server${server ? '' : ` — ${SKIP_REAL_OPENFGA}`}`,
  () => {
    let config: OpenFgaAuthzConfig;
    let replica: ReplicaAuthorizer;
    // More than two ReadChanges pages of one type.
    const many = Array.from({ length: 230 }, (_, i) => staff(`user:u${i}`));

    beforeAll(async () => {
      const ids = await createStoreWithModel(server!, `replica-test-${Date.now()}`, model);
      config = { mode: 'openfga', ...server!, ...ids, timeoutMs: 5000, maxRetries: 1 };
      await writeTuples(config, [staff('user:gp'), ...many]);
      replica = replicaAuthorizer(createOpenFgaAuthorizer(config), {
        config: { pollMs: 100, maxStalenessMs: 2000, maxTuples: 10_000 },
        permissions: ['child#can_see'],
        stored: new Set(['clinic#staff']),
        startDelayMs: 0,
      });
      await replica.firstCatchUp();
    }, 60_000);

    afterAll(async () => {
      await replica?.close();
      if (config) await deleteStore(server!, config.storeId);
    });

    it('POL-002.6: loads every page of the store and decides in process', async () => {
      expect(replica.status()).toMatchObject({ state: 'fresh', tuples: many.length + 1 });
      await expect(replica.check(canSee('user:gp'))).resolves.toEqual({ allowed: true });
      await expect(replica.check(canSee('user:u229'))).resolves.toEqual({ allowed: true });
      await expect(replica.check(canSee('user:nobody'))).resolves.toEqual({ allowed: false });
      expect(replica.status().decided).toEqual({ replica: 3, server: 0 });
    });

    it('POL-002.6: follows a revocation and a grant on the server within a few polls', async () => {
      await deleteTuples(config, [staff('user:gp')]);
      await writeTuples(config, [staff('user:new')]);
      const began = performance.now();
      while ((await replica.check(canSee('user:gp'))).allowed) {
        expect(performance.now() - began).toBeLessThan(3000);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await expect(replica.check(canSee('user:new'))).resolves.toEqual({ allowed: true });
      expect(replica.status()).toMatchObject({ tuples: many.length + 1, decided: { server: 0 } });
    });
  },
);
