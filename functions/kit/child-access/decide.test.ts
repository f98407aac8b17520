import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { manifest as CASE_LOOKUP } from '../../case-lookup/manifest.ts';
import type { MunicipalCase } from '../../contracts/case-index.ts';
import type { CitizenBlock } from '../../contracts/citizen-blocks.ts';
import { createEmbeddedAuthorizer } from '../../openfga-embedded/index.ts';
import {
  type AuthorizationModel,
  type CheckRequest,
  MAX_CONTEXTUAL_TUPLES,
} from '../../openfga-embedded/vocabulary/types.ts';
import { objectTypeOf } from '../../runtime/authz/fact-reach.ts';
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
/** The GP overriding a block with the guardian's consent (værdispring). */
const OVERRIDE = { user: GP, reason: 'citizen_consent' } as const;

/** case-lookup's decision: the gate on the child, then each case's contact. */
const decide = (
  a: Authorizer,
  user: string,
  facts: ChildFacts,
  cases: MunicipalCase[],
  now: Date,
  declared?: ReadonlySet<string>,
) =>
  decideAccess(a, {
    ...(declared ? { declared } : {}),
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

/** `case#shared_with_health`: what a check asks, by its object's type. */
const typed = (c: CheckRequest) => `${objectTypeOf(c.object)}#${c.relation}`;

let authorizer: Authorizer;
let batches: (readonly CheckRequest[])[];
let model: AuthorizationModel;
const ORGANISATION = [
  { object: `gp_clinic:${CLINIC}`, relation: 'gp', user: GP },
  { object: 'kle:851-34.10.10', relation: 'relevant_to_health', user: 'user:*' },
  {
    object: 'sensitivity:851-FORTROLIGE_PERSONOPLYSNINGER',
    relation: 'shareable_with_health',
    user: 'user:*',
  },
  // A caseworker of one unit, handling KLE 34.10.10 with the health-data clearance (can_view_appointments
  // via a case), as the organisation sync writes it.
  { object: 'case_scope:851-late/34.10.10', relation: 'handler', user: 'user:cw-late' },
  { object: 'kle:851-34.10.10', relation: 'shows_psychiatry_appointments', user: 'user:*' },
  {
    object: 'municipality:851',
    relation: 'health_data_level',
    user: 'sensitivity:851-FOELSOMME_PERSONOPLYSNINGER',
  },
  ...['FORTROLIGE_PERSONOPLYSNINGER', 'FOELSOMME_PERSONOPLYSNINGER'].map((level) => ({
    object: `sensitivity:851-${level}`,
    relation: 'cleared',
    user: 'user:cw-late',
  })),
];

beforeAll(async () => {
  model = await loadModel(root('openfga/model/model.fga'));
  const inner = guardedAuthorizer(
    createEmbeddedAuthorizer({ model, tuples: ORGANISATION }),
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
  it('POL-002.1/POL-004.8: without a declared override, one batch: the gate alone, then each case’s own part (1 + one per case)', async () => {
    batches = [];
    const decision = await decide(authorizer, GP, factsWith(BLOCKS['this GP']!), [kase(1), kase(2)], NOW);
    expect(decision).toMatchObject({ allowed: false, reason: 'blocked_by_citizen' });
    expect(batches[0]!.map(typed)).toEqual([
      'child#can_lookup_cases',
      'case#shared_with_health',
      'case#shared_with_health',
    ]);
  });

  it('POL-008.8: where no block reaches the asker, one batch asks the gate as its base, then each case’s own part', async () => {
    const declared = new Set(CASE_LOOKUP.permissionsChecked);
    const someoneElse: CitizenBlock[] = [{ kind: 'professional', professional: 'gp-elsewhere' }];
    for (const [name, blocks] of [
      ['none', []],
      ['another professional', someoneElse],
    ] as const) {
      batches = [];
      const decision = await decide(
        authorizer,
        GP,
        factsWith([...blocks]),
        [kase(1), kase(2)],
        NOW,
        declared,
      );
      expect(decision, name).toMatchObject({ allowed: true, overrideUsed: false });
      expect(batches, name).toHaveLength(1);
      expect(batches[0]!.map(typed)).toEqual([
        'child#treating_professional',
        'case#shared_with_health',
        'case#shared_with_health',
      ]);
    }
  });

  it('POL-008.8: an override declared where no block reaches the asker is not used, and no twin is asked', async () => {
    batches = [];
    const decision = await decide(authorizer, GP, factsWith([], OVERRIDE), [kase(1)], NOW);
    expect(decision).toMatchObject({ allowed: true, overrideUsed: false });
    expect(batches[0]!.map((c) => c.relation)).toEqual(['treating_professional', 'shared_with_health']);
  });

  it('POL-008.8: a block naming the asker, the clinic’s staff or everyone is asked whole; a refusal without a reaching block is no relation', async () => {
    for (const name of ['this GP', 'the clinic', 'a period now']) {
      batches = [];
      await decide(authorizer, GP, factsWith(BLOCKS[name]!), [kase(1)], NOW);
      expect(batches[0]![0]!.relation, name).toBe('can_lookup_cases');
    }
    batches = [];
    const other = 'user:health/gp-elsewhere';
    const refused = await decide(
      authorizer,
      other,
      factsWith([{ kind: 'professional', professional: 'gp-torvet' }]),
      [kase(1)],
      NOW,
    );
    expect(refused).toEqual({ allowed: false, reason: 'no_relation_to_child' });
    // The gate as its base, and no hypothetical override asked after it.
    expect(batches.map((b) => b.map((c) => c.relation))).toEqual([
      ['treating_professional', 'shared_with_health'],
    ]);
  });

  it('POL-008.5: without an override, a can_* the function declares a twin for is asked as the twin, and decides alike', async () => {
    const declared = new Set(CASE_LOOKUP.permissionsChecked);
    for (const [name, blocks] of Object.entries(BLOCKS)) {
      batches = [];
      const asTwin = await decide(authorizer, GP, factsWith(blocks), [kase(1), kase(2)], NOW, declared);
      // Without a block reaching the GP the gate is its base (POL-008.8).
      expect(
        batches[0]!.map((c) => c.relation),
        name,
      ).toEqual([
        name === 'none' ? 'treating_professional' : 'can_lookup_cases_without_override',
        'shared_with_health',
        'shared_with_health',
      ]);
      const asked = await decide(authorizer, GP, factsWith(blocks), [kase(1), kase(2)], NOW);
      expect(asTwin, name).toEqual(asked);
      expect(asTwin.allowed, name).toBe(name === 'none');
    }
  });

  it('POL-008.4: with a declared override, the gate with its _without_override twin (a case’s part has none), and the override shows', async () => {
    batches = [];
    const decision = await decide(authorizer, GP, factsWith(BLOCKS['this GP']!, OVERRIDE), [kase(1)], NOW);
    expect(decision).toMatchObject({ allowed: true, overrideUsed: true });
    expect(batches[0]!.map((c) => c.relation)).toEqual([
      'can_lookup_cases',
      'can_lookup_cases_without_override',
      'shared_with_health',
    ]);
  });

  it('sends every check on one object the same list of tuples, so the embedded evaluator builds it once', async () => {
    batches = [];
    await decide(authorizer, GP, factsWith(BLOCKS['this GP']!, OVERRIDE), [kase(1), kase(2)], NOW);
    const [gate, gateTwin, first, second] = batches[0]!;
    expect(batches[0]).toHaveLength(4);
    expect(gateTwin!.contextualTuples).toBe(gate!.contextualTuples);
    expect(second!.contextualTuples).not.toBe(first!.contextualTuples);
    expect(second!.contextualTuples).not.toEqual(first!.contextualTuples);
  });

  it('POL-007.15: a GP’s lookup of a child with no course names the listed clinic unasked; with a course every candidate is asked', async () => {
    const attributions = [{ relation: 'gp', object: `gp_clinic:${CLINIC}` }];
    const withAttributions = (facts: ChildFacts, more: typeof attributions = []) =>
      decideAccess(authorizer, {
        user: GP,
        facts,
        gate: 'can_lookup_cases',
        items: [],
        attributions: [...attributions, ...more],
        now: NOW,
      });
    batches = [];
    expect(await withAttributions(factsWith([]))).toMatchObject({ allowed: true, via: CLINIC });
    expect(batches[0]!.map((c) => c.object)).toEqual([`child:${CHILD}`]);
    batches = [];
    const unit = { relation: 'psychiatrist_in_subtree', object: 'psychiatry_unit:123456789012345' };
    const course = { unitSor: '123456789012345', start: '2026-01-01T00:00:00Z', end: null };
    const decision = await withAttributions({ ...factsWith([]), courses: [course] }, [unit]);
    expect(decision).toMatchObject({ allowed: true, via: CLINIC });
    expect(batches[0]!.map((c) => c.object)).toEqual([`child:${CHILD}`, `gp_clinic:${CLINIC}`, unit.object]);
  });

  it('POL-008.4: an override declared where no block stands is not reported as used', async () => {
    batches = [];
    const decision = await decide(authorizer, GP, factsWith([], OVERRIDE), [kase(1)], NOW);
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

/** A child with 40 open cases (every fifth VIP, one handled by `user:cw-late`) and 6 closed ones. */
const MANY: MunicipalCase[] = [
  ...Array.from({ length: 40 }, (_, i) =>
    sampleCase(100 + i, {
      ...(i % 5 === 4 ? { sensitivity: 'VIP_SAGER' } : {}),
      ...(i === 37 ? { responsibleUnitId: '851-late' } : {}),
    }),
  ),
  ...Array.from({ length: 6 }, (_, i) => sampleCase(200 + i, { progressState: 'Afsluttet', active: false })),
];

/** The same question with every fact stored, so no request carries a contextual tuple: the unsplit answer. */
async function unsplitAnswer(facts: ChildFacts, user: string, relation: string, object: string) {
  const all = createEmbeddedAuthorizer({ model, tuples: [...ORGANISATION, ...childFactTuples(facts)] });
  return (await all.check({ user, relation, object, context: { current_time: NOW.toISOString() } })).allowed;
}

describe('decide: only the facts that can decide, within the server’s limit', () => {
  const facts = (over: Partial<ChildFacts> = {}): ChildFacts => ({
    child: CHILD,
    cases: MANY,
    gpClinicSor: CLINIC,
    blocks: [],
    ...over,
  });
  const ask = (user: string, gate: string, f: ChildFacts) =>
    decideAccess(authorizer, {
      user,
      facts: f,
      gate,
      items: MANY.map((k) => ({ relation: 'can_view_case_contact', object: `case:${k.id}`, value: k.id })),
      now: NOW,
    });
  const sent = () => batches.flat();

  it('POL-004.1: a child with 46 cases answers as if every fact were sent at once, no request over 100 tuples', async () => {
    batches = [];
    const decision = await ask(GP, 'can_lookup_cases', facts());
    const expected: string[] = [];
    for (const k of MANY)
      if (await unsplitAnswer(facts(), GP, 'can_view_case_contact', `case:${k.id}`)) expected.push(k.id);
    expect(expected).toHaveLength(32);
    expect(decision).toEqual({
      allowed: true,
      reason: 'relation_to_child',
      overrideUsed: false,
      visible: expected,
    });
    expect(Math.max(...sent().map((c) => c.contextualTuples!.length))).toBeLessThanOrEqual(
      MAX_CONTEXTUAL_TUPLES,
    );
  });

  it('a check on a case carries that case’s tuples and the child’s own facts; closed cases are never sent', async () => {
    batches = [];
    await ask(GP, 'can_lookup_cases', facts());
    const caseCheck = sent().find((c) => c.object === `case:${MANY[3]!.id}`)!;
    expect(
      new Set(caseCheck.contextualTuples!.map((t) => (t.object.startsWith('case:') ? t.object : t.user))),
    ).toEqual(new Set([`case:${MANY[3]!.id}`, `gp_clinic:${CLINIC}`]));
    const closed = MANY.slice(40).map((k) => `case:${k.id}`);
    expect(
      sent()
        .flatMap((c) => c.contextualTuples!)
        .filter((t) => closed.includes(t.object)),
    ).toEqual([]);
    // The gate on the child is asked in parts of at most 10 open cases (nine tuples each); the items each once.
    expect(sent().filter((c) => c.object === `child:${CHILD}`)).toHaveLength(4);
    expect(sent()).toHaveLength(4 + MANY.length);
  });

  it('POL-003: a gate that rests on one case far down the list allows, as unsplit (can_view_appointments)', async () => {
    expect(await unsplitAnswer(facts(), 'user:cw-late', 'can_view_appointments', `child:${CHILD}`)).toBe(
      true,
    );
    expect(await ask('user:cw-late', 'can_view_appointments', facts())).toMatchObject({
      allowed: true,
      overrideUsed: false,
    });
    expect(await ask('user:cw-other', 'can_view_appointments', facts())).toEqual({
      allowed: false,
      reason: 'no_relation_to_child',
    });
  });

  it('POL-008.4: with a block and a declared override the twins are split alike, and a blocked GP is told so', async () => {
    const blocked = facts({ blocks: BLOCKS['this GP']! });
    expect(await ask(GP, 'can_lookup_cases', blocked)).toEqual({
      allowed: false,
      reason: 'blocked_by_citizen',
    });
    batches = [];
    const decision = await ask(GP, 'can_lookup_cases', {
      ...blocked,
      override: OVERRIDE,
    });
    expect(decision).toMatchObject({ allowed: true, overrideUsed: true });
    if (decision.allowed) expect(decision.visible).toHaveLength(32);
    // Listing, block and override leave room for 13 cases per part: 4 parts of the gate, twins of each;
    // each case's own part once (POL-004.8).
    expect(sent()).toHaveLength(2 * 4 + MANY.length);
    expect(Math.max(...sent().map((c) => c.contextualTuples!.length))).toBeLessThanOrEqual(
      MAX_CONTEXTUAL_TUPLES,
    );
  });
});

type Userset = {
  this?: object;
  computedUserset?: { relation: string };
  tupleToUserset?: { tupleset: { relation: string }; computedUserset: { relation: string } };
  union?: { child: Userset[] };
  intersection?: { child: Userset[] };
  difference?: { base: Userset; subtract: Userset };
};
interface TypeDefinition {
  type: string;
  relations?: Record<string, Userset>;
  metadata?: {
    relations?: Record<string, { directly_related_user_types?: { type: string; relation?: string }[] }>;
  };
}

/** The model as a graph of rewrites, for the properties decide's fact selection rests on. */
function modelGraph(m: AuthorizationModel) {
  const types = new Map((m.type_definitions as TypeDefinition[]).map((t) => [t.type, t]));
  const rewrite = (type: string, relation: string) => types.get(type)!.relations![relation]!;
  const directTypes = (type: string, relation: string) =>
    types.get(type)!.metadata?.relations?.[relation]?.directly_related_user_types ?? [];
  /** Can evaluating `type#relation` read a tuple of `target` (`type#relation`)? */
  const reaches = (type: string, relation: string, target: string, seen = new Set<string>()): boolean => {
    const key = `${type}#${relation}`;
    if (key === target) return true;
    if (seen.has(key)) return false;
    seen.add(key);
    const walk = (u: Userset): boolean => {
      if (u.this)
        return directTypes(type, relation).some(
          (d) => d.relation !== undefined && reaches(d.type, d.relation, target, seen),
        );
      if (u.computedUserset) return reaches(type, u.computedUserset.relation, target, seen);
      if (u.tupleToUserset) {
        const tupleset = u.tupleToUserset.tupleset.relation;
        return (
          `${type}#${tupleset}` === target ||
          directTypes(type, tupleset).some((d) =>
            reaches(d.type, u.tupleToUserset!.computedUserset.relation, target, seen),
          )
        );
      }
      const children =
        u.union?.child ??
        u.intersection?.child ??
        (u.difference ? [u.difference.base, u.difference.subtract] : []);
      return children.some(walk);
    };
    return walk(rewrite(type, relation));
  };
  /** Does every way to `case#relation` need the case's `active` tuple? */
  const needsActive = (relation: string): boolean => {
    const walk = (u: Userset): boolean => {
      if (u.this) return relation === 'active';
      if (u.computedUserset)
        return u.computedUserset.relation === 'active' || needsActive(u.computedUserset.relation);
      if (u.tupleToUserset) return false;
      if (u.union) return u.union.child.every(walk);
      if (u.intersection) return u.intersection.child.some(walk);
      return walk(u.difference!.base);
    };
    return walk(rewrite('case', relation));
  };
  const everyRewrite = function* () {
    for (const t of types.values())
      for (const [relation, u] of Object.entries(t.relations ?? {})) {
        const stack = [u];
        while (stack.length) {
          const next = stack.pop()!;
          yield { type: t.type, relation, userset: next };
          stack.push(...(next.union?.child ?? []), ...(next.intersection?.child ?? []));
          if (next.difference) stack.push(next.difference.base, next.difference.subtract);
        }
      }
  };
  return { types, rewrite, directTypes, reaches, needsActive, everyRewrite };
}

describe('the model properties decide’s fact selection rests on (openfga/model/model.fga)', () => {
  const CASES = 'child#municipal_case';

  it('no relation on a case reaches the child’s other cases: a case check needs only its own case', () => {
    const g = modelGraph(model);
    const relations = Object.keys(g.types.get('case')!.relations!);
    expect(relations.filter((r) => g.reaches('case', r, CASES))).toEqual([]);
  });

  it('the cases enter only as alternatives: never under `but not`, never on two sides of an `and`', () => {
    const g = modelGraph(model);
    const dependsOnCases = (type: string, u: Userset): boolean => {
      const probe = { ...g.types.get(type)!, relations: { ...g.types.get(type)!.relations, __probe: u } };
      const m = {
        ...model,
        type_definitions: [
          ...(model.type_definitions as TypeDefinition[]).filter((t) => t.type !== type),
          probe,
        ],
      };
      return modelGraph(m).reaches(type, '__probe', CASES);
    };
    const problems: string[] = [];
    for (const { type, relation, userset } of g.everyRewrite()) {
      if (userset.difference && dependsOnCases(type, userset.difference.subtract))
        problems.push(`${type}#${relation}: cases under but not`);
      if (
        userset.intersection &&
        userset.intersection.child.filter((c) => dependsOnCases(type, c)).length > 1
      )
        problems.push(`${type}#${relation}: cases on two sides of and`);
    }
    expect(problems).toEqual([]);
    // Not vacuous: the child's permissions do rest on its cases.
    expect(g.reaches('child', 'can_view_appointments', CASES)).toBe(true);
  });

  it('POL-002.3: every relation derived on a case needs its active tuple, so a closed case decides nothing', () => {
    const g = modelGraph(model);
    const derived = Object.entries(g.types.get('case')!.relations!).filter(([, u]) => !u.this);
    expect(derived.length).toBeGreaterThan(5);
    expect(derived.map(([r]) => r).filter((r) => !g.needsActive(r))).toEqual([]);
    // And the child reaches a case only through such a relation.
    const intoCases = [...g.everyRewrite()].flatMap(({ type, userset }) =>
      userset.tupleToUserset &&
      g.directTypes(type, userset.tupleToUserset.tupleset.relation).some((d) => d.type === 'case')
        ? [userset.tupleToUserset.computedUserset.relation]
        : [],
    );
    expect(intoCases.sort()).toEqual(['appointments_viewer', 'handler', 'reader']);
    expect(intoCases.every((r) => g.needsActive(r))).toBe(true);
  });
});
