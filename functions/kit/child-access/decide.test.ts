import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MunicipalCase } from '../../contracts/case-index.ts';
import type { CitizenBlock } from '../../contracts/citizen-blocks.ts';
import { createEmbeddedAuthorizer } from '../../openfga-embedded/index.ts';
import type { CheckRequest } from '../../openfga-embedded/vocabulary/types.ts';
import { guardedAuthorizer } from '../../runtime/authz/guarded-authorizer.ts';
import { loadModel } from '../../runtime/authz/model.ts';
import type { Authorizer } from '../../runtime/authz/port.ts';
import { loadTuplePolicy } from '../../runtime/authz/tuple-policy.ts';
import { sampleCase } from '../../testing/sample-case.ts';
import { type ChildFacts, childFactTuples } from './child-fact-tuples.ts';
import { decide as decideAccess } from './decide.ts';

/**
 * decide() asks each `can_*` alone when the request declares no override, and
 * with its `_without_override` twin when it does. These tests pin that down,
 * and prove the model property it rests on: without a declared override the
 * twins answer alike, whatever the child's blocks.
 */
const root = (p: string) => fileURLToPath(new URL(`../../../${p}`, import.meta.url));
const NOW = new Date('2026-11-25T10:00:00Z');
const CLINIC = '999120000000001';
const GP = 'user:health/gp-torvet';
const CHILD = `p-${'ab'.repeat(16)}`;

const kase = (n: number) => sampleCase(n);

/** case-lookup's decision: the gate on the child, then each case's contact. */
const decide = (a: Authorizer, user: string, facts: ChildFacts, cases: MunicipalCase[], now: Date) =>
  decideAccess(a, {
    user,
    facts,
    gate: 'can_lookup_cases',
    items: cases.map((k) => ({ relation: 'can_view_case_contact', object: `case:${k.id}`, value: k })),
    now,
  });

const BLOCKS: Record<string, CitizenBlock[]> = {
  none: [],
  'this GP': [{ kind: 'professional', professional: 'gp-torvet' }],
  'the clinic': [{ kind: 'place', place: { type: 'gp_clinic', sor: CLINIC } }],
  'a period now': [{ kind: 'period', start: '2026-11-01T00:00:00Z', end: '2026-12-31T00:00:00Z' }],
};

let authorizer: Authorizer;
let batches: (readonly CheckRequest[])[];

beforeAll(async () => {
  const inner = guardedAuthorizer(
    createEmbeddedAuthorizer({
      model: await loadModel(root('openfga/model/model.fga')),
      tuples: [
        { object: `gp_clinic:${CLINIC}`, relation: 'gp', user: GP },
        { object: 'kle:851-34.10.10', relation: 'relevant_to_health', user: 'user:*' },
        {
          object: 'sensitivity:851-FORTROLIGE_PERSONOPLYSNINGER',
          relation: 'shareable_with_health',
          user: 'user:*',
        },
      ],
    }),
    await loadTuplePolicy(root('policies/tuple-storage.yaml')),
  );
  authorizer = {
    ...inner,
    batchCheck: (requests) => {
      batches.push(requests);
      return inner.batchCheck(requests);
    },
  };
});

const factsWith = (blocks: CitizenBlock[], override?: ChildFacts['override']): ChildFacts => ({
  child: CHILD,
  cases: [kase(1), kase(2)],
  gpClinicSor: CLINIC,
  blocks,
  ...(override ? { override } : {}),
});

describe('decide: the checks it asks', () => {
  it('POL-002.1: without a declared override, one batch of each can_* alone (1 + one per case)', async () => {
    batches = [];
    const decision = await decide(authorizer, GP, factsWith([]), [kase(1), kase(2)], NOW);
    expect(decision).toMatchObject({ allowed: true, overrideUsed: false });
    expect(batches).toHaveLength(1);
    expect(batches[0]!.map((c) => c.relation)).toEqual([
      'can_lookup_cases',
      'can_view_case_contact',
      'can_view_case_contact',
    ]);
  });

  it('POL-008.4: with a declared override, each can_* with its _without_override twin, and the override shows', async () => {
    batches = [];
    const override = { user: GP, reason: 'citizen_consent' };
    const decision = await decide(authorizer, GP, factsWith(BLOCKS['this GP']!, override), [kase(1)], NOW);
    expect(decision).toMatchObject({ allowed: true, overrideUsed: true });
    expect(batches[0]!.map((c) => c.relation)).toEqual([
      'can_lookup_cases',
      'can_lookup_cases_without_override',
      'can_view_case_contact',
      'can_view_case_contact_without_override',
    ]);
  });

  it('POL-008.4: an override declared where no block stands is not reported as used', async () => {
    batches = [];
    const override = { user: GP, reason: 'citizen_consent' };
    const decision = await decide(authorizer, GP, factsWith([], override), [kase(1)], NOW);
    expect(decision).toMatchObject({ allowed: true, overrideUsed: false });
  });

  it('a refusal asks whether a block was why only where one stands and the asker is an employee (a citizen cannot override)', async () => {
    const checks: string[] = [];
    const spied: Authorizer = {
      ...authorizer,
      check: (request) => {
        checks.push(request.user);
        return authorizer.check(request);
      },
    };
    const stranger = 'user:gp-elsewhere';
    const refuse = (user: string, blocks: CitizenBlock[]) =>
      decideAccess(spied, { user, facts: factsWith(blocks), gate: 'can_lookup_cases', items: [], now: NOW });
    expect(await refuse(stranger, [])).toEqual({ allowed: false, reason: 'no_relation_to_child' });
    expect(await refuse('citizen:p-0123456789abcdef0123456789abcdef', BLOCKS['this GP']!)).toEqual({
      allowed: false,
      reason: 'no_relation_to_child',
    });
    expect(checks).toEqual([]);
    expect(await refuse(GP, BLOCKS['this GP']!)).toEqual({ allowed: false, reason: 'blocked_by_citizen' });
    expect(checks).toEqual([GP]);
  });

  for (const [name, blocks] of Object.entries(BLOCKS)) {
    it(`without a declared override the twins answer alike (blocks: ${name})`, async () => {
      const contextualTuples = childFactTuples(factsWith(blocks));
      const context = { current_time: NOW.toISOString() };
      const ask = (relation: string, object: string) => ({
        user: GP,
        relation,
        object,
        contextualTuples,
        context,
      });
      const pairs = [
        ['can_lookup_cases', `child:${CHILD}`],
        ['can_view_case_contact', `case:${kase(1).id}`],
      ] as const;
      for (const [relation, object] of pairs) {
        const [plain, twin] = await authorizer.batchCheck([
          ask(relation, object),
          ask(`${relation}_without_override`, object),
        ]);
        expect(plain!.allowed).toBe(twin!.allowed);
        expect(plain!.allowed).toBe(name === 'none');
      }
    });
  }
});
