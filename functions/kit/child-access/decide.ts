import {
  type CheckRequest,
  MAX_CONTEXTUAL_TUPLES,
  type TupleKey,
} from '../../openfga-embedded/vocabulary/types.ts';
import { objectTypeOf } from '../../runtime/authz/fact-reach.ts';
import type { Authorizer } from '../../runtime/authz/port.ts';
import { authzFailure } from '../../runtime/authz/to-app-error.ts';
import { type ChildFacts, type ChildFactTupleSets, childFactTupleSets } from './child-fact-tuples.ts';
import { blockReaches, impliedAttribution, restOfGate, unblockedBase } from './gate-laws.ts';

/** Why a child-access request was refused, as the caller and the audit record see it. */
export type DenialReason = 'no_relation_to_child' | 'blocked_by_citizen' | 'address_protected';

/**
 * How a refusal is told when the gate denies for a reason of the child's data
 * (name and address protection) rather than the asker's relation or a block:
 * the refusal is the one `relation` (a `can_*` on the child) gives — so the two
 * functions together say no more than that one alone — and only when
 * `relation` allows is it `otherwise`.
 */
export interface RefuseAs {
  readonly relation: string;
  readonly otherwise: DenialReason;
}

/** One object checked after the gate, with what the function shows when it is allowed. */
export interface CheckedItem<T> {
  readonly relation: string;
  readonly object: string;
  readonly value: T;
}

/**
 * An organisation the relation to the child may run through (`gp_clinic:<sor>` via
 * `gp`): checked in the same batch so the record names the organisation the
 * decision rested on, not the one a token claims. Attribution only, never access.
 */
export interface Attribution {
  readonly relation: string;
  readonly object: string;
}

export type Decision<T> =
  | { readonly allowed: false; readonly reason: DenialReason }
  | {
      readonly allowed: true;
      readonly reason: 'relation_to_child';
      readonly overrideUsed: boolean;
      /** The items' values whose check allowed, in the order given. */
      readonly visible: readonly T[];
      /** The id of the first attribution that holds (`999120000000001` of `gp_clinic:999120000000001`). */
      readonly via?: string;
    };

export interface DecideRequest<T> {
  readonly user: string;
  readonly facts: ChildFacts;
  /** The `can_*` on `child:<pseudonym>` that must allow before anything else counts. */
  readonly gate: string;
  readonly items: readonly CheckedItem<T>[];
  readonly attributions?: readonly Attribution[];
  readonly now: Date;
  readonly refuseAs?: RefuseAs;
  /**
   * The `type#relation`s the function declares it checks (its manifest's
   * `permissionsChecked`). Without a declared override, a `can_*` whose
   * `_without_override` form is among them is asked in that form.
   */
  readonly declared?: ReadonlySet<string>;
}

/**
 * The whole decision in one batch of `can_*` checks (POL-002.1): the gate on the
 * child, then each item. The `_without_override` twins tell whether an override
 * was what allowed it (POL-008.4); both forms are asked only when the request
 * declares one. `block_override` exists only as that request's contextual tuple
 * (POL-001.3, policies/tuple-storage.yaml), so without one each `can_*` answers
 * as its twin (POL-008.5's law, test/authz/override-law.test.ts) and the twin is
 * what is asked, where the function declares it: the server then skips the
 * override's branch (`blocked but not block_override`), a third of a gate's cost.
 * An item whose permission a gate law names (POL-004.8, gate-laws.ts) is asked
 * only its own part, and allows in each form where the gate does: the child's
 * part is evaluated once per decision, not once per case. Where no block of the
 * child reaches the asker, each permission is asked as its base (POL-008.8,
 * gate-laws.ts): both forms are the base then, so an override declared there
 * is not used and no twin is asked.
 */
export async function decide<T>(authorizer: Authorizer, request: DecideRequest<T>): Promise<Decision<T>> {
  const { user, facts, gate, items } = request;
  const context = { current_time: request.now.toISOString() };
  const tuples = childFactTupleSets(facts);
  const ask = (relation: string, object: string) => ({ user, relation, object, context });
  // No block of the child reaches the asker: each permission is its base, in both forms (POL-008.8).
  const unblocked = !blockReaches(tuples.child, user);
  const twins = facts.override !== undefined && !unblocked;
  const withoutOverride = (relation: string, object: string) => {
    const base = unblocked ? unblockedBase(relation, objectTypeOf(object)) : undefined;
    if (base) return base;
    const twin = `${relation}_without_override`;
    return request.declared?.has(`${objectTypeOf(object)}#${twin}`) ? twin : relation;
  };
  const pair = (relation: string, object: string) =>
    twins
      ? [ask(relation, object), ask(`${relation}_without_override`, object)]
      : [ask(withoutOverride(relation, object), object)];
  const attributions = request.attributions ?? [];
  // The gate's form(s) first, then each item's — its own relation where a gate law applies
  // (POL-004.8, gate-laws.ts), else its permission's form(s) — then the attributions.
  const checks: FactlessCheck[] = [...pair(gate, `child:${facts.child}`)];
  const itemChecks = items.map((item) => {
    const rest = restOfGate(gate, item.relation, objectTypeOf(item.object));
    const at = checks.length;
    checks.push(...(rest ? [ask(rest, item.object)] : pair(item.relation, item.object)));
    return { at, rest: rest !== undefined };
  });
  // The one organisation the gate's allow can run through is not asked (POL-007.15, gate-laws.ts).
  const implied = impliedAttribution(gate, facts, attributions);
  const firstAttribution = checks.length;
  if (!implied) checks.push(...attributions.map((a) => ask(a.relation, a.object)));
  const results = await checkWithFacts(authorizer, tuples, checks, true);
  const allowed = (i: number) => results[i]!;
  const allowedWithoutOverride = (i: number) => (twins ? results[i + 1]! : allowed(i));
  if (!allowed(0)) {
    return {
      allowed: false,
      reason: await denialReason(authorizer, {
        user,
        facts,
        gate,
        context,
        refuseAs: request.refuseAs,
        unblocked,
      }),
    };
  }
  const item = itemChecks.map(({ at, rest }) =>
    rest
      ? { allowed: allowed(at), withoutOverride: allowedWithoutOverride(0) && allowed(at) }
      : { allowed: allowed(at), withoutOverride: allowedWithoutOverride(at) },
  );
  const overrideUsed = !allowedWithoutOverride(0) || item.some((i) => i.allowed && !i.withoutOverride);
  const via = implied ? attributions[0] : attributions.find((_, i) => allowed(firstAttribution + i));
  return {
    allowed: true,
    reason: 'relation_to_child',
    overrideUsed,
    visible: items.filter((_, i) => item[i]!.allowed).map((it) => it.value),
    ...(via ? { via: via.object.slice(via.object.indexOf(':') + 1) } : {}),
  };
}

/**
 * Tells a blocked professional from one without a relation, so the first can
 * be told an override with the citizen's consent is possible: would an
 * override (never sent, never logged as used) have allowed the gate? Asked
 * only where a block stands and the asker is an employee. With `refuseAs`, the
 * same question is asked of its relation instead, after checking whether that
 * relation allows as the request stands.
 */
async function denialReason(
  authorizer: Authorizer,
  asked: {
    readonly user: string;
    readonly facts: ChildFacts;
    readonly gate: string;
    readonly context: { current_time: string };
    readonly refuseAs: RefuseAs | undefined;
    /** No block of the child reaches the asker (POL-008.8), as the decision found. */
    readonly unblocked: boolean;
  },
): Promise<DenialReason> {
  const { user, facts, context, refuseAs, unblocked } = asked;
  const object = `child:${facts.child}`;
  const check = async (relation: string, f: ChildFacts) =>
    (await checkWithFacts(authorizer, childFactTupleSets(f), [{ user, relation, object, context }]))[0]!;
  if (refuseAs) {
    // As the request stands, asked as its base where no block reaches the asker (POL-008.8).
    const base = unblocked ? unblockedBase(refuseAs.relation, 'child') : undefined;
    if (await check(base ?? refuseAs.relation, facts)) return refuseAs.otherwise;
  }
  // Only a block that reaches the asker can be why (POL-008.8), and only a `user:` can override
  // one (`block_override: [user]`).
  if (facts.override || unblocked || !user.startsWith('user:')) return 'no_relation_to_child';
  const relation = refuseAs?.relation ?? asked.gate;
  const hypothetical = { ...facts, override: { user, reason: 'citizen_consent' } };
  return (await check(relation, hypothetical)) ? 'blocked_by_citizen' : 'no_relation_to_child';
}

type FactlessCheck = Omit<CheckRequest, 'contextualTuples'>;

/**
 * Asks each check with only the child's facts that can decide it, in one batch,
 * and answers whether each allowed. A check on a case is sent the child's own
 * facts and that case's tuples: from a case the model reaches the child's
 * listing, courses, blocks and override, never another case. A check on the
 * child is sent every open case, split into parts that each stay within the
 * server's contextual-tuple limit, and allows when a part allows: the cases
 * enter the child's relations only as alternatives (`handler from
 * municipal_case`), never under `but not` or on both sides of an `and`, so the
 * union over parts is the answer over all of them (decide.test.ts checks the
 * model for both properties).
 */
async function checkWithFacts(
  authorizer: Authorizer,
  tuples: ChildFactTupleSets,
  checks: readonly FactlessCheck[],
  /** The decision itself is one batch (POL-002.1) even when it holds one check. */
  asBatch = false,
): Promise<boolean[]> {
  // One list per object, shared by every check on it (a permission and its _without_override twin):
  // the embedded evaluator builds a list's overlay once (openfga-embedded contextual-tuples.ts).
  const partsByObject = new Map<string, (readonly TupleKey[])[]>();
  const parts = checks.map((check) => {
    const key = partKey(check.object);
    let shared = partsByObject.get(key);
    if (shared === undefined) {
      shared = tupleParts(tuples, check.object);
      partsByObject.set(key, shared);
    }
    return shared;
  });
  const requests = checks.flatMap((check, i) =>
    parts[i]!.map((contextualTuples) => ({ ...check, contextualTuples })),
  );
  const ask =
    requests.length === 1 && !asBatch
      ? authorizer.check(requests[0]!).then((result) => [result])
      : authorizer.batchCheck(requests);
  const results = await ask.catch((error: unknown) => {
    throw authzFailure(error);
  });
  let next = 0;
  return parts.map((part) => {
    const answers = results.slice(next, next + part.length);
    next += part.length;
    return answers.some((result) => result.allowed);
  });
}

/** Objects whose checks are sent the same tuples: each case and the child on their own, every organisation alike. */
function partKey(object: string): string {
  return object.startsWith('case:') || object.startsWith('child:') ? object : '';
}

function tupleParts(tuples: ChildFactTupleSets, object: string): (readonly TupleKey[])[] {
  const own = tuples.cases.get(object);
  if (object.startsWith('case:')) return [[...tuples.child, ...(own ?? [])]];
  // An organisation (an attribution's clinic or unit) is decided by stored tuples alone.
  if (!object.startsWith('child:')) return [tuples.child];
  const cases = [...tuples.cases.values()];
  if (cases.length === 0) return [tuples.child];
  // At least one case per part: a child whose own facts fill the limit is refused, as the server would.
  const perPart = Math.max(1, Math.floor((MAX_CONTEXTUAL_TUPLES - tuples.child.length) / cases[0]!.length));
  const parts: (readonly TupleKey[])[] = [];
  for (let i = 0; i < cases.length; i += perPart) {
    parts.push([...cases.slice(i, i + perPart).flat(), ...tuples.child]);
  }
  return parts;
}
