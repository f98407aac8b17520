import { EmbeddedStore } from './embedded-store.ts';
import { AuthzError } from './vocabulary/errors.ts';
import type { ListUsersRequest, ListUsersResult } from './vocabulary/list-users-request.ts';
import type {
  AuthorizationQueries,
  CheckRequest,
  ListObjectsRequest,
  StoreFixture,
  TupleKey,
} from './vocabulary/types.ts';

/** The embedded authorizer: OpenFGA's queries (so it stands in for a client), ListUsers and writes. */
export interface EmbeddedAuthorizer extends AuthorizationQueries {
  listUsers(request: ListUsersRequest): Promise<ListUsersResult>;
  /** Writes tuples after validating all of them against the model; one invalid tuple writes none (invalid_tuple). */
  write(tuples: readonly TupleKey[]): Promise<void>;
  /** Deletes tuples by object, relation and user; tuples that are not stored are ignored. */
  deleteTuples(tuples: readonly TupleKey[]): Promise<void>;
  /** How many tuples are stored. */
  readonly size: number;
}

/**
 * An in-process authorizer over `fixture`: its model compiled once, its tuples
 * validated and indexed. Throws AuthzError('validation_error') for an invalid
 * model and AuthzError('invalid_tuple') for a tuple the model does not allow.
 */
export function createEmbeddedAuthorizer(fixture: StoreFixture): EmbeddedAuthorizer {
  const store = new EmbeddedStore();
  store.writeModel(fixture.model);
  store.write(fixture.tuples);
  const evaluator = store.evaluator;
  let open = true;
  const whenOpen = <T>(run: () => T): Promise<T> => {
    if (!open) return Promise.reject(new AuthzError('unavailable', 'the embedded authorizer is closed'));
    try {
      return Promise.resolve(run());
    } catch (error) {
      return Promise.reject(error);
    }
  };

  return {
    // Written out rather than through whenOpen: the one query asked per check, without a closure each.
    check: (request: CheckRequest) => {
      if (!open) return Promise.reject(new AuthzError('unavailable', 'the embedded authorizer is closed'));
      try {
        return Promise.resolve({ allowed: evaluator.check(request) });
      } catch (error) {
        return Promise.reject(error);
      }
    },
    batchCheck: (requests: readonly CheckRequest[]) =>
      whenOpen(() => requests.map((request) => ({ allowed: evaluator.check(request) }))),
    listObjects: (request: ListObjectsRequest) =>
      whenOpen(() => ({ objects: evaluator.listObjects(request) })),
    listUsers: (request: ListUsersRequest) => whenOpen(() => ({ users: evaluator.listUsers(request) })),
    explain: (request: CheckRequest) => whenOpen(() => evaluator.explain(request)),
    ready: () => Promise.resolve(open),
    close: () => {
      open = false;
      return Promise.resolve();
    },
    write: (tuples: readonly TupleKey[]) => whenOpen(() => store.write(tuples)),
    deleteTuples: (tuples: readonly TupleKey[]) => whenOpen(() => store.delete(tuples)),
    get size() {
      return store.size;
    },
  };
}

/** `createEmbeddedAuthorizer` in the `(fixture) => Promise<Authorizer>` shape runners take. */
export function embeddedAuthorizerFactory(fixture: StoreFixture): Promise<EmbeddedAuthorizer> {
  try {
    return Promise.resolve(createEmbeddedAuthorizer(fixture));
  } catch (error) {
    return Promise.reject(error);
  }
}
