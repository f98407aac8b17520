import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { childFactTuples } from '../../functions/kit/child-access/child-fact-tuples.ts';
import { decide } from '../../functions/kit/child-access/decide.ts';
import { createEmbeddedAuthorizer } from '../../functions/openfga-embedded/index.ts';
import { AuthzError } from '../../functions/openfga-embedded/vocabulary/errors.ts';
import type { CheckRequest, CheckResult } from '../../functions/openfga-embedded/vocabulary/types.ts';
import { loadModel } from '../../functions/runtime/authz/model.ts';
import { createOpenFgaAuthorizer } from '../../functions/runtime/authz/openfga-adapter.ts';
import {
  createStoreWithModel,
  deleteStore,
  writeTuples,
} from '../../functions/runtime/authz/openfga-store-admin.ts';
import type { Authorizer } from '../../functions/runtime/authz/port.ts';
import { generateCheck, generateChild, generateChildFacts } from '../../functions/testing/hoi-child-facts.ts';
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

    it('a child with 44 cases: all its facts at once are refused alike; decide answers alike, as if unsplit', async () => {
      const random = seededRandom(505);
      const org = generateOrganisation(random, {
        municipalities: ['851', '810'],
        unitsPerMunicipality: 6,
        usersPerUnit: 3,
        gpClinics: 3,
        gpsPerClinic: 2,
        psychiatryUnits: 2,
        psychiatristsPerUnit: 2,
      });
      const model = await loadModel(modelFile);
      const ids = await createStoreWithModel(server!, 'differential-many-cases', model);
      const config = { mode: 'openfga' as const, ...server!, ...ids, timeoutMs: 20_000, maxRetries: 1 };
      const now = new Date('2026-11-25T10:00:00Z');
      const context = { current_time: now.toISOString() };
      try {
        await writeTuples(config, org.tuples);
        const real = createOpenFgaAuthorizer(config);
        const embedded = createEmbeddedAuthorizer({ model, tuples: org.tuples });
        const refusal = (promise: Promise<unknown>) =>
          promise.then(
            () => 'answered',
            (error: unknown) => (error instanceof AuthzError ? error.code : String(error)),
          );
        let allowedGates = 0;
        let visibleCases = 0;
        const facts = generateChildFacts(random, org, 0, 44);
        const child = `child:${facts.child}`;
        const everything = {
          relation: 'can_lookup_cases',
          object: child,
          contextualTuples: childFactTuples(facts),
          context,
        };
        expect(everything.contextualTuples.length).toBeGreaterThan(300);
        expect(await refusal(real.check({ ...everything, user: org.gps[0]! }))).toBe('validation_error');
        expect(await refusal(embedded.check({ ...everything, user: org.gps[0]! }))).toBe('validation_error');

        // The unsplit answer: every fact stored, nothing contextual.
        const unsplit = createEmbeddedAuthorizer({
          model,
          tuples: [...org.tuples, ...childFactTuples(facts)],
        });
        const units = new Set(facts.cases!.map((k) => `org_unit:${k.responsibleUnitId}`));
        // The child's GPs, a GP of another clinic, a psychiatrist, and staff of the cases' units.
        const ownGps = org.staff.get(`gp_clinic:${facts.gpClinicSor}`)!;
        const users = [
          ...ownGps,
          org.gps.find((g) => !ownGps.includes(g))!,
          org.psychiatrists[0]!,
          ...[...units].flatMap((u) => org.staff.get(u) ?? []).slice(0, 3),
        ];
        for (const user of users) {
          for (const gate of ['can_lookup_cases', 'can_view_appointments', 'can_read_correspondence']) {
            const overrides =
              gate === 'can_lookup_cases' ? [undefined, { user, reason: 'citizen_consent' }] : [undefined];
            for (const override of overrides) {
              const request = {
                user,
                facts: override ? { ...facts, override } : facts,
                gate,
                items: facts.cases!.map((k) => ({
                  relation: 'can_view_case_contact',
                  object: `case:${k.id}`,
                  value: k.id,
                })),
                now,
              };
              const [fromServer, fromEmbedded] = await Promise.all([
                decide(real, request),
                decide(embedded, request),
              ]);
              expect(fromEmbedded).toEqual(fromServer);
              const stored = override
                ? createEmbeddedAuthorizer({
                    model,
                    tuples: [...org.tuples, ...childFactTuples(request.facts)],
                  })
                : unsplit;
              const ask = (relation: string, object: string) =>
                stored.check({ user, relation, object, context });
              expect(fromServer.allowed).toBe((await ask(gate, child)).allowed);
              if (!fromServer.allowed) continue;
              allowedGates++;
              const visible: string[] = [];
              for (const item of request.items)
                if ((await ask(item.relation, item.object)).allowed) visible.push(item.value);
              expect(fromServer.visible).toEqual(visible);
              visibleCases += visible.length;
            }
          }
        }
        // Not vacuous: gates allow and cases are shown.
        expect(allowedGates).toBeGreaterThan(2);
        expect(visibleCases).toBeGreaterThan(10);
      } finally {
        await deleteStore(server!, ids.storeId);
      }
    }, 300_000);
  },
);
