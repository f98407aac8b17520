/**
 * An OpenFGA evaluator in process: Check, batch Check, Explain, ListObjects and
 * ListUsers over one authorization model (OpenFGA's JSON form) and its tuples,
 * conditions (CEL) and contextual tuples included, with the OpenFGA server's
 * answers and errors. See README.md for what it implements, what it refuses and
 * how it is proven against OpenFGA's own test suite.
 *
 * This is the library's public entry; `vocabulary/types.ts` and
 * `vocabulary/errors.ts` may also be imported alone, to speak its vocabulary
 * without loading the evaluator.
 */
export {
  createEmbeddedAuthorizer,
  type EmbeddedAuthorizer,
  embeddedAuthorizerFactory,
} from './authorizer.ts';
export { EmbeddedStore } from './embedded-store.ts';
export { AuthzError } from './vocabulary/errors.ts';
export type { ListUsersRequest, ListUsersResult } from './vocabulary/list-users-request.ts';
export type {
  AuthorizationModel,
  AuthorizationQueries,
  AuthzErrorCode,
  CheckRequest,
  CheckResult,
  ExplainResult,
  ExplainStep,
  ListObjectsRequest,
  ListObjectsResult,
  RelationshipCondition,
  StoreFixture,
  TupleKey,
} from './vocabulary/types.ts';
export { AUTHZ_ERROR_CODES, MAX_CHECKS_PER_BATCH_CHECK, MAX_CONTEXTUAL_TUPLES } from './vocabulary/types.ts';
