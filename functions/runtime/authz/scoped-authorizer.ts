import { AuthzError } from '../../openfga-embedded/vocabulary/errors.ts';
import type { AuthorizationModel, CheckRequest } from '../../openfga-embedded/vocabulary/types.ts';
import { type FactReach, factReach, objectTypeOf } from './fact-reach.ts';
import type { Authorizer } from './port.ts';

/**
 * Sends each query only the contextual tuples its relation can read under the
 * model the deciding side evaluates (fact-reach.ts): a check on a child's
 * GP listing is not sent the child's cases. The answer is the same — a tuple
 * no path reads decides nothing — and the deciding side validates, indexes
 * and (on the server) hashes fewer tuples per check.
 *
 * The model comes from `model()`, asked once: for the OpenFGA server its own
 * model by id, so the reach is never computed from another version of it. If
 * it cannot be had, the query fails (unavailable) and the next one asks again.
 */
export function scopedAuthorizer(inner: Authorizer, model: () => Promise<AuthorizationModel>): Authorizer {
  let reach: Promise<FactReach> | undefined;
  const reachOf = () => {
    reach ??= model().then(factReach, (error: unknown) => {
      reach = undefined;
      throw error instanceof AuthzError
        ? error
        : new AuthzError('unavailable', 'the authorization model cannot be read', { cause: error });
    });
    return reach;
  };
  const scoped = (r: FactReach, request: CheckRequest): CheckRequest =>
    request.contextualTuples?.length
      ? {
          ...request,
          contextualTuples: r.readable(
            objectTypeOf(request.object),
            request.relation,
            request.contextualTuples,
          ),
        }
      : request;
  return {
    check: async (request) => inner.check(scoped(await reachOf(), request)),
    async batchCheck(requests) {
      const r = await reachOf();
      return inner.batchCheck(requests.map((request) => scoped(r, request)));
    },
    async listObjects(request) {
      const r = await reachOf();
      return inner.listObjects(
        request.contextualTuples?.length
          ? {
              ...request,
              contextualTuples: r.readable(request.type, request.relation, request.contextualTuples),
            }
          : request,
      );
    },
    // An explanation shows every fact the request carried.
    explain: (request) => inner.explain(request),
    ready: () => inner.ready(),
    close: () => inner.close(),
  };
}
