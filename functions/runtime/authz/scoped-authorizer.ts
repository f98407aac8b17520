import { AuthzError } from '../../openfga-embedded/vocabulary/errors.ts';
import type { AuthorizationModel, CheckRequest, TupleKey } from '../../openfga-embedded/vocabulary/types.ts';
import { type FactReach, factReach, objectTypeOf } from './fact-reach.ts';
import type { Authorizer } from './port.ts';

/**
 * Sends each query only the contextual tuples its relation can read under the
 * model the deciding side evaluates (fact-reach.ts): a check on a child's
 * GP listing is not sent the child's cases. The answer is the same — a tuple
 * no path reads decides nothing — and the deciding side validates, indexes
 * and (on the server) hashes fewer tuples per check.
 *
 * The model comes from `model()`, asked once, at once (beside the start's other
 * waits): for the OpenFGA server its own model by id, so the reach is never
 * computed from another version of it. If it cannot be had, a query that
 * carries facts fails (unavailable) and the next one asks again; a query
 * without facts (the start's warm-up, an organisation check) needs no reach.
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
  // Asked now; a failure here is answered by the first query that needs the reach.
  reachOf().catch(() => undefined);
  const carriesFacts = (request: CheckRequest) => (request.contextualTuples?.length ?? 0) > 0;
  // Checks sent one list whose relations read the same part of it (a permission and its
  // _without_override twin) are sent one list again, not two equal ones: the embedded evaluator
  // builds a list's overlay once (openfga-embedded contextual-tuples.ts).
  const lastKept = new WeakMap<readonly TupleKey[], readonly TupleKey[]>();
  const readable = (r: FactReach, objectType: string, relation: string, tuples: readonly TupleKey[]) => {
    const kept = r.readable(objectType, relation, tuples);
    if (kept === tuples) return kept;
    const last = lastKept.get(tuples);
    if (last?.length === kept.length && last.every((tuple, i) => tuple === kept[i])) return last;
    lastKept.set(tuples, kept);
    return kept;
  };
  const scoped = (r: FactReach, request: CheckRequest): CheckRequest =>
    request.contextualTuples?.length
      ? {
          ...request,
          contextualTuples: readable(
            r,
            objectTypeOf(request.object),
            request.relation,
            request.contextualTuples,
          ),
        }
      : request;
  return {
    check: async (request) => inner.check(carriesFacts(request) ? scoped(await reachOf(), request) : request),
    async batchCheck(requests) {
      if (!requests.some(carriesFacts)) return inner.batchCheck(requests);
      const r = await reachOf();
      return inner.batchCheck(requests.map((request) => scoped(r, request)));
    },
    async listObjects(request) {
      const r = await reachOf();
      return inner.listObjects(
        request.contextualTuples?.length
          ? {
              ...request,
              contextualTuples: readable(r, request.type, request.relation, request.contextualTuples),
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
