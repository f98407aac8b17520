import type { CheckRequest } from '../../openfga-embedded/vocabulary/types.ts';
import type { Authorizer } from './port.ts';
import type { TuplePolicy } from './tuple-policy.ts';

/**
 * Enforces POL-001 on every request, whichever adapter decides: contextual
 * tuples may only carry facts about a child, never organisation facts a
 * caller could use to grant itself a role, KLE task or clearance.
 */
export function guardedAuthorizer(inner: Authorizer, policy: TuplePolicy): Authorizer {
  const guard = (request: Pick<CheckRequest, 'contextualTuples'>) =>
    policy.assertContextual(request.contextualTuples ?? []);
  const guarded =
    <R extends Pick<CheckRequest, 'contextualTuples'>, T>(call: (request: R) => Promise<T>) =>
    async (request: R) => {
      guard(request);
      return call(request);
    };
  return {
    check: guarded((r) => inner.check(r)),
    explain: guarded((r) => inner.explain(r)),
    listObjects: guarded((r) => inner.listObjects(r)),
    async batchCheck(requests) {
      for (const request of requests) guard(request);
      return inner.batchCheck(requests);
    },
    ready: () => inner.ready(),
    close: () => inner.close(),
  };
}
