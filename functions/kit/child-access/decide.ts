import type { Authorizer } from '../../runtime/authz/port.ts';
import { authzFailure } from '../../runtime/authz/to-app-error.ts';
import { type ChildFacts, childFactTuples } from './child-fact-tuples.ts';

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
}

/**
 * The whole decision in one batch of `can_*` checks (POL-002.1): the gate on the
 * child, then each item. The `_without_override` twins tell whether an override
 * was what allowed it (POL-008.4); they are asked only when the request declares
 * one, since `block_override` exists only as that request's contextual tuple
 * (POL-001.3, policies/tuple-storage.yaml): without it each twin is its `can_*`.
 */
export async function decide<T>(authorizer: Authorizer, request: DecideRequest<T>): Promise<Decision<T>> {
  const { user, facts, gate, items } = request;
  const context = { current_time: request.now.toISOString() };
  const contextualTuples = childFactTuples(facts);
  const ask = (relation: string, object: string) => ({ user, relation, object, contextualTuples, context });
  const twins = facts.override !== undefined;
  const pair = (relation: string, object: string) =>
    twins ? [ask(relation, object), ask(`${relation}_without_override`, object)] : [ask(relation, object)];
  const attributions = request.attributions ?? [];
  const checks = [
    ...pair(gate, `child:${facts.child}`),
    ...items.flatMap((item) => pair(item.relation, item.object)),
    ...attributions.map((a) => ask(a.relation, a.object)),
  ];
  const results = await authorizer.batchCheck(checks).catch((error: unknown) => {
    throw authzFailure(error);
  });
  const step = twins ? 2 : 1;
  const allowed = (i: number) => results[i]!.allowed;
  const allowedWithoutOverride = (i: number) => (twins ? results[i + 1]!.allowed : allowed(i));
  if (!allowed(0)) {
    return {
      allowed: false,
      reason: await denialReason(authorizer, { user, facts, gate, context, refuseAs: request.refuseAs }),
    };
  }
  const itemAt = (i: number) => step * (i + 1);
  const overrideUsed =
    !allowedWithoutOverride(0) ||
    items.some((_, i) => allowed(itemAt(i)) && !allowedWithoutOverride(itemAt(i)));
  const firstAttribution = step * (items.length + 1);
  const via = attributions.find((_, i) => allowed(firstAttribution + i));
  return {
    allowed: true,
    reason: 'relation_to_child',
    overrideUsed,
    visible: items.filter((_, i) => allowed(itemAt(i))).map((item) => item.value),
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
  },
): Promise<DenialReason> {
  const { user, facts, context, refuseAs } = asked;
  const object = `child:${facts.child}`;
  const check = (relation: string, f: ChildFacts) =>
    authorizer
      .check({ user, relation, object, contextualTuples: childFactTuples(f), context })
      .then((r) => r.allowed)
      .catch((error: unknown) => {
        throw authzFailure(error);
      });
  if (refuseAs && (await check(refuseAs.relation, facts))) return refuseAs.otherwise;
  // Only a standing block can be why, and only a `user:` can override one (`block_override: [user]`).
  if (facts.override || !facts.blocks?.length || !user.startsWith('user:')) return 'no_relation_to_child';
  const relation = refuseAs?.relation ?? asked.gate;
  const hypothetical = { ...facts, override: { user, reason: 'citizen_consent' } };
  return (await check(relation, hypothetical)) ? 'blocked_by_citizen' : 'no_relation_to_child';
}
