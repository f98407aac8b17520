import type { AuthorizationQueries } from '../../openfga-embedded/vocabulary/types.ts';

/**
 * The one authorization port every function uses: OpenFGA's queries. Two
 * adapters implement it: the embedded evaluator (local default) and the
 * OpenFGA server (production). Every method either answers or throws an
 * AuthzError; callers deny on error (fail closed).
 */
export type Authorizer = AuthorizationQueries;
