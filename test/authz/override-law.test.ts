import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createEmbeddedAuthorizer } from '../../functions/openfga-embedded/index.ts';
import type { CheckRequest, TupleKey } from '../../functions/openfga-embedded/vocabulary/types.ts';
import { loadModel } from '../../functions/runtime/authz/model.ts';
import { generateCheck, generateChild } from '../../functions/testing/hoi-child-facts.ts';
import { generateOrganisation, TWO_MUNICIPALITIES } from '../../functions/testing/hoi-organisation.ts';
import { seededRandom } from '../../functions/testing/random.ts';

/**
 * POL-008.4/POL-008.5 as a law over the model: for every permission with an
 * `_without_override` twin (`<base> but not blocked`), `can_<verb>` allows
 * exactly when the twin does, or when the professional holds the base
 * relation and an accepted override. The model writes `can_<verb>` as one
 * exclusion (`<base> but not blocked_unless_overridden`) so the server
 * evaluates the base once; this holds it to the policy's words on generated
 * organisations and children, with blocks and overrides (accepted or not) on
 * the asking professional. The embedded evaluator decides as the server does
 * (test/differential).
 */
const modelFile = fileURLToPath(new URL('../../openfga/model/model.fga', import.meta.url));

interface Userset {
  computedUserset?: { relation?: string };
  difference?: { base: Userset; subtract: Userset };
}
interface TypeDefinition {
  type: string;
  relations?: Record<string, Userset>;
}

describe('POL-008.5: an override grants only what the professional has without the block', async () => {
  const model = await loadModel(modelFile);
  const pairs = (model.type_definitions as TypeDefinition[]).flatMap((td) =>
    Object.entries(td.relations ?? {})
      .filter(([name]) => name.endsWith('_without_override'))
      .map(([twin, rewrite]) => ({
        type: td.type,
        permission: twin.replace(/_without_override$/, ''),
        twin,
        base: rewrite.difference?.base.computedUserset?.relation,
      })),
  );

  it('finds every permission with a twin, each twin `<base> but not …`', () => {
    expect(pairs.map((p) => `${p.type}#${p.permission}`).sort()).toEqual([
      'case#can_view_case_contact',
      'child#can_lookup_cases',
      'child#can_read_correspondence',
      'child#can_send_correspondence',
      'child#can_view_appointments',
      'child#can_view_school',
    ]);
    for (const pair of pairs) expect(pair.base, pair.twin).toMatch(/^[a-z_]+$/);
  });

  for (const seed of [11, 12, 13]) {
    it(`can_<verb> = twin or (base and an accepted override), on every pair (seed ${seed})`, async () => {
      const random = seededRandom(seed);
      const org = generateOrganisation(random, TWO_MUNICIPALITIES);
      const authorizer = createEmbeddedAuthorizer({ model, tuples: org.tuples });
      const allowed = async (request: CheckRequest) => (await authorizer.check(request)).allowed;
      const seen = { overrideGranted: 0, refusedReasonDenied: 0, allowedPlain: 0, compared: 0 };
      for (let i = 0; i < 60; i++) {
        const scenario = generateChild(random, org, i);
        const { user } = generateCheck(random, org, scenario);
        const reason = random.pick(['citizen_consent', 'vital_interest', 'curiosity']);
        const blockedByName: TupleKey = { object: scenario.child, relation: 'blocked', user };
        const override: TupleKey = {
          object: scenario.child,
          relation: 'block_override',
          user,
          condition: { name: 'override_reason_accepted', context: { override_reason: reason } },
        };
        const variants = [
          scenario.contextualTuples,
          [...scenario.contextualTuples, blockedByName],
          [...scenario.contextualTuples, blockedByName, override],
        ];
        for (const contextualTuples of variants) {
          for (const pair of pairs) {
            const objects = pair.type === 'case' ? scenario.cases : [scenario.child];
            for (const object of objects) {
              const ask = (relation: string, on = object) =>
                allowed({ user, relation, object: on, contextualTuples, context: scenario.context });
              const [permission, twin, base, overridden] = await Promise.all([
                ask(pair.permission),
                ask(pair.twin),
                ask(pair.base!),
                ask('block_override', scenario.child),
              ]);
              expect(permission, `${pair.type}#${pair.permission} for ${user}`).toBe(
                twin || (base && overridden),
              );
              seen.compared++;
              if (permission && !twin) seen.overrideGranted++;
              if (twin) seen.allowedPlain++;
              if (base && !twin && !overridden && contextualTuples.includes(override))
                seen.refusedReasonDenied++;
            }
          }
        }
      }
      // Not vacuous: plain grants, grants by override and refused reasons all occurred.
      expect(seen.compared).toBeGreaterThan(1000);
      expect(seen.allowedPlain).toBeGreaterThan(10);
      expect(seen.overrideGranted).toBeGreaterThan(5);
      expect(seen.refusedReasonDenied).toBeGreaterThan(0);
      await authorizer.close();
    });
  }
});
