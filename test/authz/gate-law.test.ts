import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { childFactTuples } from '../../functions/kit/child-access/child-fact-tuples.ts';
import { GATE_LAWS, impliedAttribution } from '../../functions/kit/child-access/gate-laws.ts';
import { createEmbeddedAuthorizer } from '../../functions/openfga-embedded/index.ts';
import type { CheckRequest, TupleKey } from '../../functions/openfga-embedded/vocabulary/types.ts';
import { loadModel } from '../../functions/runtime/authz/model.ts';
import { generateCheck, generateChild } from '../../functions/testing/hoi-child-facts.ts';
import { generateOrganisation, TWO_MUNICIPALITIES } from '../../functions/testing/hoi-organisation.ts';
import { seededRandom } from '../../functions/testing/random.ts';
import { sampleCase } from '../../functions/testing/sample-case.ts';

/**
 * POL-004.8 as a law over the model (functions/kit/child-access/gate-laws.ts):
 * on a case whose one party is the child, each permission a gate law names is
 * the gate on the child and the case's own relation, in both forms (the
 * `_without_override` permission with the gate's `_without_override`), for
 * GPs, psychiatrists and municipal staff, with the child blocking the asker
 * and overriding the block, on generated organisations and children. The
 * embedded evaluator decides as the server does (test/differential).
 */
const modelFile = fileURLToPath(new URL('../../openfga/model/model.fga', import.meta.url));
const relationOf = (typed: string) => typed.slice(typed.indexOf('#') + 1);

describe('POL-004.8: a case’s permission is the gate on its child and the case’s own part', async () => {
  const model = await loadModel(modelFile);

  it('names case#can_view_case_contact, from child#can_lookup_cases and case#shared_with_health', () => {
    expect(GATE_LAWS).toEqual([
      {
        permission: 'case#can_view_case_contact',
        gate: 'child#can_lookup_cases',
        rest: 'case#shared_with_health',
      },
    ]);
  });

  it('holds where the kit uses it: the facts it sends make the child the one party of each of its cases', () => {
    const child = `p-${'cd'.repeat(16)}`;
    const tuples = childFactTuples({ child, cases: [sampleCase(1), sampleCase(2), sampleCase(3)] });
    const parties = tuples.filter((t) => t.relation === 'party');
    expect(parties.map((t) => t.user)).toEqual([`child:${child}`, `child:${child}`, `child:${child}`]);
    expect(new Set(parties.map((t) => t.object)).size).toBe(3);
  });

  for (const seed of [21, 22, 23]) {
    it(`permission = gate and rest, in both forms, with blocks and overrides (seed ${seed})`, async () => {
      const random = seededRandom(seed);
      const org = generateOrganisation(random, TWO_MUNICIPALITIES);
      const authorizer = createEmbeddedAuthorizer({ model, tuples: org.tuples });
      const seen = { compared: 0, allowed: 0, gateOnly: 0, restOnly: 0, overrideGranted: 0 };
      for (let i = 0; i < 60; i++) {
        const scenario = generateChild(random, org, i);
        const { user } = generateCheck(random, org, scenario);
        const blocked: TupleKey = { object: scenario.child, relation: 'blocked', user };
        const override: TupleKey = {
          object: scenario.child,
          relation: 'block_override',
          user,
          condition: { name: 'override_reason_accepted', context: { override_reason: 'citizen_consent' } },
        };
        const variants = [
          scenario.contextualTuples,
          [...scenario.contextualTuples, blocked],
          [...scenario.contextualTuples, blocked, override],
        ];
        for (const contextualTuples of variants) {
          const allowed = async (relation: string, object: string) =>
            (
              await authorizer.check({
                user,
                relation,
                object,
                contextualTuples,
                context: scenario.context,
              } satisfies CheckRequest)
            ).allowed;
          for (const law of GATE_LAWS) {
            for (const form of ['', '_without_override']) {
              const gate = await allowed(`${relationOf(law.gate)}${form}`, scenario.child);
              for (const kase of scenario.cases) {
                const [permission, rest] = await Promise.all([
                  allowed(`${relationOf(law.permission)}${form}`, kase),
                  allowed(relationOf(law.rest), kase),
                ]);
                expect(permission, `${law.permission}${form} on ${kase} for ${user}`).toBe(gate && rest);
                seen.compared++;
                if (permission) seen.allowed++;
                if (gate && !rest) seen.gateOnly++;
                if (rest && !gate) seen.restOnly++;
                if (permission && form === '' && contextualTuples.includes(override)) seen.overrideGranted++;
              }
            }
          }
        }
      }
      // Not vacuous: allowed, refused for the case alone, refused for the child alone, granted by override.
      expect(seen.compared).toBeGreaterThan(300);
      expect(seen.allowed).toBeGreaterThan(5);
      expect(seen.gateOnly).toBeGreaterThan(5);
      expect(seen.restOnly).toBeGreaterThan(5);
      expect(seen.overrideGranted).toBeGreaterThan(0);
      await authorizer.close();
    });
  }
});

describe('POL-007.15: the organisation a GP’s lookup ran through, implied by the gate', async () => {
  const model = await loadModel(modelFile);
  const clinic = { relation: 'gp', object: 'gp_clinic:999120000000001' };

  it('is implied only for the lookup gate, one candidate, the listed clinic, and no course', () => {
    const listed = { gpClinicSor: '999120000000001', courses: [] };
    expect(impliedAttribution('can_lookup_cases', listed, [clinic])).toBe(true);
    expect(impliedAttribution('can_lookup_cases_without_override', listed, [clinic])).toBe(true);
    expect(impliedAttribution('can_lookup_cases', { gpClinicSor: '999120000000001' }, [clinic])).toBe(true);
    // A course opens a second way in: every candidate is checked.
    expect(impliedAttribution('can_lookup_cases', { ...listed, courses: [{}] }, [clinic])).toBe(false);
    const unit = { relation: 'psychiatrist_in_subtree', object: 'psychiatry_unit:123' };
    expect(impliedAttribution('can_lookup_cases', listed, [clinic, unit])).toBe(false);
    expect(impliedAttribution('can_lookup_cases', listed, [unit])).toBe(false);
    expect(impliedAttribution('can_lookup_cases', { gpClinicSor: '999120000000002' }, [clinic])).toBe(false);
    expect(impliedAttribution('can_lookup_cases', { gpClinicSor: null }, [clinic])).toBe(false);
    expect(impliedAttribution('can_view_school', listed, [clinic])).toBe(false);
    expect(impliedAttribution('can_lookup_cases', listed, [])).toBe(false);
  });

  for (const seed of [31, 32, 33]) {
    it(`a child with no course: whoever the gate lets through is a GP of the listed clinic (seed ${seed})`, async () => {
      const random = seededRandom(seed);
      const org = generateOrganisation(random, TWO_MUNICIPALITIES);
      const authorizer = createEmbeddedAuthorizer({ model, tuples: org.tuples });
      let allowedThrough = 0;
      let askedNoCourse = 0;
      for (let i = 0; i < 120; i++) {
        const scenario = generateChild(random, org, i);
        if (scenario.contextualTuples.some((t) => t.relation === 'in_course_at')) continue;
        const listed = scenario.contextualTuples.find((t) => t.relation === 'listed_with')?.user;
        if (!listed) continue;
        // Every GP and psychiatrist, and the generated asker (who may be blocked or override).
        const { user } = generateCheck(random, org, scenario);
        for (const asker of [user, ...org.gps, ...org.psychiatrists]) {
          const ask = async (relation: string, object: string) =>
            (
              await authorizer.check({
                user: asker,
                relation,
                object,
                contextualTuples: scenario.contextualTuples,
                context: scenario.context,
              })
            ).allowed;
          askedNoCourse++;
          for (const gate of ['can_lookup_cases', 'can_lookup_cases_without_override']) {
            if (!(await ask(gate, scenario.child))) continue;
            allowedThrough++;
            expect(await ask('gp', listed), `${gate} for ${asker}`).toBe(true);
          }
        }
      }
      expect(askedNoCourse).toBeGreaterThan(100);
      expect(allowedThrough).toBeGreaterThan(10);
      await authorizer.close();
    });
  }
});
