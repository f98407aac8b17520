import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createEmbeddedAuthorizer } from '../../functions/openfga-embedded/index.ts';
import type { CheckRequest, CheckResult } from '../../functions/openfga-embedded/vocabulary/types.ts';
import { loadModel } from '../../functions/runtime/authz/model.ts';
import { createOpenFgaAuthorizer } from '../../functions/runtime/authz/openfga-adapter.ts';
import {
  createStoreWithModel,
  deleteStore,
  writeTuples,
} from '../../functions/runtime/authz/openfga-store-admin.ts';
import type { Authorizer } from '../../functions/runtime/authz/port.ts';
import { generateCheck, generateChild } from '../../functions/testing/hoi-child-facts.ts';
import { generateOrganisation } from '../../functions/testing/hoi-organisation.ts';
import { seededRandom } from '../../functions/testing/random.ts';
import { realOpenFga, SKIP_REAL_OPENFGA } from '../../functions/testing/real-services.ts';

/**
 * The embedded evaluator must decide exactly as the real OpenFGA server:
 * thousands of generated checks over random organisations (unit trees, KLE
 * tagging, clearances, clinics) and random child facts as contextual tuples.
 */
const server = realOpenFga();
const modelFile = fileURLToPath(new URL('../../openfga/model/model.fga', import.meta.url));
const SEEDS = [101, 202, 303, 404];
const CHILDREN = 120;
const CHECKS_PER_CHILD = 9;

/**
 * One Check call per request, a few in flight: the differential compares
 * decisions, so it must not trip the server's batch deadline on a loaded CI machine.
 */
async function checkEach(authorizer: Authorizer, checks: readonly CheckRequest[]): Promise<CheckResult[]> {
  const results: CheckResult[] = new Array(checks.length);
  let next = 0;
  const worker = async () => {
    while (next < checks.length) {
      const index = next++;
      results[index] = await authorizer.check(checks[index]!);
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  return results;
}

describe.skipIf(!server)(
  `differential: embedded evaluator vs OpenFGA server${server ? '' : ` — ${SKIP_REAL_OPENFGA}`}`,
  () => {
    for (const seed of SEEDS) {
      it(`agrees on ${CHILDREN * CHECKS_PER_CHILD} checks and on list-objects (seed ${seed})`, async () => {
        const random = seededRandom(seed);
        const org = generateOrganisation(random, {
          municipalities: ['851', '810', '849'].slice(0, 2 + random.int(2)),
          unitsPerMunicipality: 8 + random.int(12),
          usersPerUnit: 3,
          gpClinics: 4,
          gpsPerClinic: 2,
          psychiatryUnits: 3,
          psychiatristsPerUnit: 2,
        });
        const model = await loadModel(modelFile);
        const ids = await createStoreWithModel(server!, `differential-${seed}`, model);
        const config = { mode: 'openfga' as const, ...server!, ...ids, timeoutMs: 20_000, maxRetries: 1 };
        try {
          await writeTuples(config, org.tuples);
          const real = createOpenFgaAuthorizer(config);
          const embedded = createEmbeddedAuthorizer({ model, tuples: org.tuples });

          const checks: CheckRequest[] = [];
          const scenarios = Array.from({ length: CHILDREN }, (_, i) => generateChild(random, org, i));
          for (const scenario of scenarios) {
            for (let k = 0; k < CHECKS_PER_CHILD; k++) checks.push(generateCheck(random, org, scenario));
          }
          const [expected, actual] = await Promise.all([
            checkEach(real, checks),
            embedded.batchCheck(checks),
          ]);
          const disagreements = checks
            .map((check, i) => ({ check, server: expected[i]!.allowed, embedded: actual[i]!.allowed }))
            .filter((d) => d.server !== d.embedded)
            .map((d) => ({
              user: d.check.user,
              relation: d.check.relation,
              object: d.check.object,
              server: d.server,
            }));
          expect(disagreements).toEqual([]);
          // Not vacuous: both outcomes occur often.
          const allowed = expected.filter((r) => r.allowed).length;
          expect(allowed).toBeGreaterThan(checks.length * 0.05);
          expect(checks.length - allowed).toBeGreaterThan(checks.length * 0.3);

          for (const scenario of scenarios.filter((s) => s.cases.length > 0).slice(0, 25)) {
            const check = generateCheck(random, org, scenario);
            const request = {
              user: check.user,
              relation: 'can_view_case_contact',
              type: 'case',
              contextualTuples: scenario.contextualTuples,
              context: scenario.context,
            };
            const [a, b] = await Promise.all([real.listObjects(request), embedded.listObjects(request)]);
            expect([...b.objects].sort()).toEqual([...a.objects].sort());
          }
        } finally {
          await deleteStore(server!, ids.storeId);
        }
      });
    }
  },
);
