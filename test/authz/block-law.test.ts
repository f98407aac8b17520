import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { blockReaches, UNBLOCKED_BASES, unblockedBase } from '../../functions/kit/child-access/gate-laws.ts';
import { createEmbeddedAuthorizer } from '../../functions/openfga-embedded/index.ts';
import type { TupleKey } from '../../functions/openfga-embedded/vocabulary/types.ts';
import { loadModel } from '../../functions/runtime/authz/model.ts';
import { generateCheck, generateChild } from '../../functions/testing/hoi-child-facts.ts';
import { generateOrganisation, TWO_MUNICIPALITIES } from '../../functions/testing/hoi-organisation.ts';
import { seededRandom } from '../../functions/testing/random.ts';

/**
 * POL-008.8 as a law over the model and the tuple policy
 * (functions/kit/child-access/gate-laws.ts): where none of the child's
 * `blocked` tuples can reach the asker, each permission — in both forms, with
 * an override or without — answers as its base. It rests on three things held
 * here: the table is the model's (every `can_<verb>` and its twin subtract
 * from the same base), `child#blocked` is contextual only, and the kinds of
 * user it takes are the three blockReaches() looks for. The embedded
 * evaluator decides as the server does (test/differential).
 */
const root = new URL('../../', import.meta.url);
const modelFile = fileURLToPath(new URL('openfga/model/model.fga', root));

interface Userset {
  computedUserset?: { relation?: string };
  tupleToUserset?: { tupleset: { relation?: string }; computedUserset: { relation?: string } };
  difference?: { base: Userset; subtract: Userset };
}
interface TypeDefinition {
  type: string;
  relations?: Record<string, Userset>;
  metadata?: {
    relations?: Record<
      string,
      { directly_related_user_types?: { type: string; relation?: string; wildcard?: object }[] }
    >;
  };
}

describe('POL-008.8: where no block reaches the asker, a permission is its base', async () => {
  const model = await loadModel(modelFile);
  const types = model.type_definitions as TypeDefinition[];

  it('names every permission with a twin, with the base both its forms subtract the blocks from', () => {
    const fromModel = new Map<string, string>();
    for (const td of types) {
      for (const [name, rewrite] of Object.entries(td.relations ?? {})) {
        if (!name.endsWith('_without_override')) continue;
        const permission = name.replace(/_without_override$/, '');
        const twinBase = rewrite.difference?.base.computedUserset?.relation;
        const own = td.relations![permission]?.difference;
        expect(own?.base.computedUserset?.relation, `${td.type}#${permission}`).toBe(twinBase);
        // What each form subtracts is the child's blocks: on the child itself, or through a case's party.
        const subtracted = (u: Userset) =>
          u.computedUserset?.relation ??
          `${u.tupleToUserset?.tupleset.relation} > ${u.tupleToUserset?.computedUserset.relation}`;
        expect(subtracted(rewrite.difference!.subtract)).toMatch(/^(party > )?blocked$/);
        expect(subtracted(own!.subtract)).toMatch(/^(party > )?blocked_unless_overridden$/);
        fromModel.set(`${td.type}#${permission}`, twinBase!);
      }
    }
    expect(new Map([...fromModel].sort())).toEqual(new Map([...UNBLOCKED_BASES].sort()));
    expect(unblockedBase('can_view_school_without_override', 'child')).toBe('school_viewer');
    expect(unblockedBase('can_view_access_log', 'child')).toBeUndefined();
    // blocked_unless_overridden is blocked but not the override: only blocked can subtract.
    const child = types.find((t) => t.type === 'child')!;
    expect(child.relations!.blocked_unless_overridden!.difference?.base.computedUserset?.relation).toBe(
      'blocked',
    );
    const kase = types.find((t) => t.type === 'case')!;
    expect(kase.metadata?.relations?.party?.directly_related_user_types).toEqual([{ type: 'child' }]);
  });

  it('rests on child#blocked being contextual only, held by a user, a place’s staff or everyone', async () => {
    const policy = parse(await readFile(new URL('policies/tuple-storage.yaml', root), 'utf8')) as {
      stored: Record<string, string[]>;
      contextual: Record<string, string[]>;
    };
    expect(policy.contextual.child).toContain('blocked');
    expect(policy.stored.child ?? []).not.toContain('blocked');
    const child = types.find((t) => t.type === 'child')!;
    const held = child.metadata!.relations!.blocked!.directly_related_user_types!.map(
      (t) => `${t.type}${t.relation ? `#${t.relation}` : ''}${t.wildcard ? ':*' : ''}`,
    );
    expect(held.sort()).toEqual(['place#staff', 'user', 'user:*']);
  });

  it('tells which blocks reach the asker', () => {
    const child = 'child:p-00000000000000000000000000000001';
    const blocked = (user: string): TupleKey => ({ user, relation: 'blocked', object: child });
    const me = 'user:health/gp-1';
    expect(blockReaches([], me)).toBe(false);
    expect(blockReaches([blocked('user:health/gp-2')], me)).toBe(false);
    expect(blockReaches([{ user: me, relation: 'listed_with', object: child }], me)).toBe(false);
    expect(blockReaches([blocked('user:health/gp-2'), blocked(me)], me)).toBe(true);
    expect(blockReaches([blocked('user:*')], me)).toBe(true);
    expect(blockReaches([blocked('place:gp_clinic-1#staff')], me)).toBe(true);
  });

  for (const seed of [41, 42, 43]) {
    it(`both forms = the base unless a block reaches the asker, with and without overrides (seed ${seed})`, async () => {
      const random = seededRandom(seed);
      const org = generateOrganisation(random, TWO_MUNICIPALITIES);
      const authorizer = createEmbeddedAuthorizer({ model, tuples: org.tuples });
      const seen = { compared: 0, allowed: 0, otherBlocked: 0, reachedDiffers: 0 };
      for (let i = 0; i < 40; i++) {
        const scenario = generateChild(random, org, i);
        const { user } = generateCheck(random, org, scenario);
        const asker = [
          user,
          random.pick(org.gps),
          random.pick(org.psychiatrists),
          random.pick(org.municipalUsers),
        ];
        for (const who of asker) {
          // The generated blocks, then one naming someone else beside them, then one naming the asker.
          const other = who === org.gps[0] ? org.gps[1]! : org.gps[0]!;
          const withOther = [...scenario.contextualTuples, blocked(scenario.child, other)];
          const withMine = [...scenario.contextualTuples, blocked(scenario.child, who)];
          for (const facts of [scenario.contextualTuples, withOther, withMine]) {
            const override: TupleKey = {
              object: scenario.child,
              relation: 'block_override',
              user: who,
              condition: { name: 'override_reason_accepted', context: { override_reason: 'vital_interest' } },
            };
            for (const contextualTuples of [facts, [...facts, override]]) {
              const reaches = blockReaches(
                contextualTuples.filter((t) => t.object === scenario.child),
                who,
              );
              const ask = async (relation: string, object: string) =>
                (
                  await authorizer.check({
                    user: who,
                    relation,
                    object,
                    contextualTuples,
                    context: scenario.context,
                  })
                ).allowed;
              for (const [typed, base] of UNBLOCKED_BASES) {
                const [type, permission] = typed.split('#') as [string, string];
                const objects = type === 'child' ? [scenario.child] : scenario.cases;
                for (const object of objects) {
                  const expected = await ask(base, object);
                  for (const form of [permission, `${permission}_without_override`]) {
                    const answer = await ask(form, object);
                    if (reaches) {
                      if (answer !== expected) seen.reachedDiffers++;
                      continue;
                    }
                    expect(answer, `${type}#${form} on ${object} for ${who}`).toBe(expected);
                    seen.compared++;
                    if (answer) seen.allowed++;
                    if (answer && contextualTuples.some((t) => t.relation === 'blocked')) seen.otherBlocked++;
                  }
                }
              }
            }
          }
        }
      }
      // Not vacuous: compared, allowed beside another's block, and the guard needed where a block reaches.
      expect(seen.compared).toBeGreaterThan(500);
      expect(seen.allowed).toBeGreaterThan(20);
      expect(seen.otherBlocked).toBeGreaterThan(5);
      expect(seen.reachedDiffers).toBeGreaterThan(0);
      await authorizer.close();
    });
  }
});

const blocked = (child: string, user: string): TupleKey => ({ user, relation: 'blocked', object: child });
