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
  const checks = [
    ask('can_lookup_cases', child),
    ask('can_lookup_cases_without_override', child),
    ...cases.flatMap((c) => [
      ask('can_view_case_contact', `case:${c.id}`),
      ask('can_view_case_contact_without_override', `case:${c.id}`),
    ]),
  ];
  const results = await authorizer.batchCheck(checks).catch((error: unknown) => {
    throw authzFailure(error);
  });
  const allowed = (i: number) => results[i]!.allowed;
  if (!allowed(0)) return { allowed: false, reason: await denialReason(authorizer, user, facts, context) };
  const visible = cases.filter((_, i) => allowed(2 + 2 * i));
  const overrideUsed = !allowed(1) || cases.some((_, i) => allowed(2 + 2 * i) && !allowed(3 + 2 * i));
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
