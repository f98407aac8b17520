import type { Authorizer } from '../core/authz/port.ts';
import { authzFailure } from '../core/authz/to-app-error.ts';
import { type ChildFacts, childFactTuples } from '../core/child-facts/child-fact-tuples.ts';
import type { MunicipalCase } from '../core/upstreams/case-index.ts';

export type Decision =
  | { readonly allowed: false; readonly reason: 'no_relation_to_child' | 'blocked_by_citizen' }
  | {
      readonly allowed: true;
      readonly reason: 'treating_relation';
      readonly overrideUsed: boolean;
      readonly visibleCases: readonly MunicipalCase[];
    };

/**
 * The whole decision in one batch of `can_*` checks (POL-002.1): may the
 * professional ask about this child at all (POL-004.1), and which of its cases
 * may they see (POL-004.2). The `_without_override` twins tell whether an
 * override was what allowed it (POL-008.4).
 */
export async function decide(
  authorizer: Authorizer,
  user: string,
  facts: ChildFacts,
  cases: readonly MunicipalCase[],
  now: Date,
): Promise<Decision> {
  const context = { current_time: now.toISOString() };
  const contextualTuples = childFactTuples(facts);
  const child = `child:${facts.child}`;
  const ask = (relation: string, object: string) => ({ user, relation, object, contextualTuples, context });
  // The twins only differ when this request declares an override: `block_override` exists
  // only as this request's contextual tuple (POL-001.3, policies/tuple-storage.yaml), so
  // without one each `can_*` is its `_without_override` twin, and asking both would double
  // the authorizer's work for every ordinary lookup.
  const twins = facts.override !== undefined;
  const pair = (relation: string, object: string) =>
    twins ? [ask(relation, object), ask(`${relation}_without_override`, object)] : [ask(relation, object)];
  const checks = [
    ...pair('can_lookup_cases', child),
    ...cases.flatMap((c) => pair('can_view_case_contact', `case:${c.id}`)),
  ];
  const results = await authorizer.batchCheck(checks).catch((error: unknown) => {
    throw authzFailure(error);
  });
  const step = twins ? 2 : 1;
  const allowed = (i: number) => results[i]!.allowed;
  // Without twins the "without override" answer is the answer itself.
  const allowedWithoutOverride = (i: number) => (twins ? results[i + 1]!.allowed : allowed(i));
  if (!allowed(0)) return { allowed: false, reason: await denialReason(authorizer, user, facts, context) };
  const caseAt = (i: number) => step * (i + 1);
  const visible = cases.filter((_, i) => allowed(caseAt(i)));
  const overrideUsed =
    !allowedWithoutOverride(0) ||
    cases.some((_, i) => allowed(caseAt(i)) && !allowedWithoutOverride(caseAt(i)));
  return { allowed: true, reason: 'treating_relation', overrideUsed, visibleCases: visible };
}

/**
 * Tells a blocked professional from one without a relation, so the first can
 * be told an override with the citizen's consent is possible: would an
 * override (never sent, never logged as used) have allowed the lookup?
 */
async function denialReason(
  authorizer: Authorizer,
  user: string,
  facts: ChildFacts,
  context: { current_time: string },
): Promise<'no_relation_to_child' | 'blocked_by_citizen'> {
  if (facts.override) return 'no_relation_to_child';
  const hypothetical = childFactTuples({ ...facts, override: { user, reason: 'citizen_consent' } });
  const { allowed } = await authorizer
    .check({
      user,
      relation: 'can_lookup_cases',
      object: `child:${facts.child}`,
      contextualTuples: hypothetical,
      context,
    })
    .catch((error: unknown) => {
      throw authzFailure(error);
    });
  return allowed ? 'blocked_by_citizen' : 'no_relation_to_child';
}
