import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLINIC_MODEL } from '../../testing/clinic-model.ts';
import { realOpenFga, SKIP_REAL_OPENFGA } from '../../testing/real-services.ts';
import type { OpenFgaAuthzConfig } from './config.ts';
import { createOpenFgaAuthorizer } from './openfga-adapter.ts';
import { createStoreWithModel, deleteStore, writeTuples } from './openfga-store-admin.ts';
import type { Authorizer } from './port.ts';

/** The adapter against the real OpenFGA server that `.ci/with-services` starts. */
const server = realOpenFga();

const model = CLINIC_MODEL;

describe.skipIf(!server)(
  `OpenFGA adapter against the real server${server ? '' : ` — ${SKIP_REAL_OPENFGA}`}`,
  () => {
    let config: OpenFgaAuthzConfig;
    let authorizer: Authorizer;

    beforeAll(async () => {
      const ids = await createStoreWithModel(server!, `adapter-test-${Date.now()}`, model);
      config = { mode: 'openfga', ...server!, ...ids, timeoutMs: 5000, maxRetries: 1 };
      await writeTuples(config, [{ user: 'user:gp', relation: 'staff', object: 'clinic:c1' }]);
      authorizer = createOpenFgaAuthorizer(config);
    });

    afterAll(async () => {
      if (config) await deleteStore(server!, config.storeId);
    });

    const listed = { user: 'clinic:c1', relation: 'listed_clinic', object: 'child:p-1' };

    it('is ready when the store and model exist', async () => {
      await expect(authorizer.ready()).resolves.toBe(true);
    });

    it('decides from stored organisation plus contextual child facts', async () => {
      const check = { user: 'user:gp', relation: 'can_see', object: 'child:p-1' };
      await expect(authorizer.check(check)).resolves.toEqual({ allowed: false });
      await expect(authorizer.check({ ...check, contextualTuples: [listed] })).resolves.toEqual({
        allowed: true,
      });
    });

    it('evaluates a condition on a contextual tuple with the request context', async () => {
      const course = {
        user: 'clinic:c1',
        relation: 'course',
        object: 'child:p-2',
        condition: { name: 'in_window', context: { until: '2026-12-01T00:00:00Z' } },
      };
      const check = { user: 'user:gp', relation: 'can_see', object: 'child:p-2', contextualTuples: [course] };
      const results = await authorizer.batchCheck([
        { ...check, context: { current_time: '2026-11-25T00:00:00Z' } },
        { ...check, context: { current_time: '2026-12-02T00:00:00Z' } },
      ]);
      expect(results).toEqual([{ allowed: true }, { allowed: false }]);
    });

    it('lists objects with contextual tuples', async () => {
      const result = await authorizer.listObjects({
        user: 'user:gp',
        relation: 'can_see',
        type: 'child',
        contextualTuples: [listed, { ...listed, object: 'child:p-3' }],
      });
      expect([...result.objects].sort()).toEqual(['child:p-1', 'child:p-3']);
    });

    it('reports an unknown type or relation as validation_error (2000), as the server does over HTTP', async () => {
      for (const bad of [
        { user: 'user:gp', relation: 'can_see', object: 'nochild:1' },
        { user: 'user:gp', relation: 'can_fly', object: 'child:p-1' },
      ]) {
        await expect(authorizer.check(bad)).rejects.toMatchObject({
          code: 'validation_error',
          numericCode: 2000,
        });
      }
    });

    it('is unavailable, not wrong, with a store that does not exist', async () => {
      const lost = createOpenFgaAuthorizer({ ...config, storeId: '01JABCDEFGHJKMNPQRSTVWXYZ0' });
      await expect(
        lost.check({ user: 'user:gp', relation: 'can_see', object: 'child:p-1' }),
      ).rejects.toMatchObject({
        code: 'unavailable',
      });
      await expect(lost.ready()).resolves.toBe(false);
    });

    // .ci/with-services runs the server at the log level production's does (infra/constructs/openfga.ts).
    const log = process.env.HOI_OPENFGA_LOG;
    it.runIf(log)(
      'POL-001.7: the server at production’s log level writes nothing of a request, a child’s pseudonym least of all',
      async () => {
        const child = `child:p-${randomBytes(16).toString('hex')}`;
        const check = { user: 'user:gp', relation: 'can_see', object: child };
        await authorizer.check({ ...check, contextualTuples: [{ ...listed, object: child }] });
        await authorizer.batchCheck([check, { ...check, contextualTuples: [{ ...listed, object: child }] }]);
        await expect(authorizer.check({ ...check, relation: 'can_fly' })).rejects.toMatchObject({
          code: 'validation_error',
        });
        const written = readFileSync(log!, 'utf8');
        expect(written).not.toContain(child.slice('child:'.length));
        expect(written).not.toContain('raw_request');
        expect(written).not.toContain('grpc_req_complete');
      },
    );
  },
);
