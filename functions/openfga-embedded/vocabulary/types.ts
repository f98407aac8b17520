/**
 * The authorizer's vocabulary, shared by the port and both adapters.
 * Names follow OpenFGA's API so requests pass through to the server unchanged.
 */

/** A tuple `user` is `type:id`, `type:*` (wildcard) or `type:id#relation` (userset). */
export interface TupleKey {
  readonly user: string;
  readonly relation: string;
  readonly object: string;
  readonly condition?: RelationshipCondition;
}

export interface RelationshipCondition {
  readonly name: string;
  readonly context?: Readonly<Record<string, unknown>>;
}

export interface CheckRequest {
  readonly user: string;
  readonly relation: string;
  readonly object: string;
  /** Facts about the child, pulled live per request (POL-001): never stored. */
  readonly contextualTuples?: readonly TupleKey[];
  /** CEL request context, e.g. `{ current_time: "2026-11-25T10:00:00Z" }`. */
  readonly context?: Readonly<Record<string, unknown>>;
}

export interface CheckResult {
  readonly allowed: boolean;
}

export interface ListObjectsRequest {
  readonly user: string;
  readonly relation: string;
  /** Object type to list, e.g. `case`. */
  readonly type: string;
  readonly contextualTuples?: readonly TupleKey[];
  readonly context?: Readonly<Record<string, unknown>>;
}

export interface ListObjectsResult {
  readonly objects: readonly string[];
}

/** One step in the path of relations that decided a check. */
export interface ExplainStep {
  /** The object#relation being resolved, e.g. `child:c1#can_view_appointments`. */
  readonly node: string;
  /** How it was resolved: `direct`, `computed`, `tuple_to_userset`, `union`, `intersection`, `exclusion`, `condition`. */
  readonly rule: string;
  readonly allowed: boolean;
  /** The tuple that matched, when one did. */
  readonly tuple?: TupleKey;
  /** True when the tuple came from the request's contextual tuples, not the store. */
  readonly contextual?: boolean;
  readonly children?: readonly ExplainStep[];
}

export interface ExplainResult extends CheckResult {
  readonly path: ExplainStep;
}

/**
 * OpenFGA's error codes for invalid requests (the `openfga/api` ErrorCode enum).
 * Over HTTP the server answers 400 with `code` set to the enum name.
 */
export const AUTHZ_ERROR_CODES = {
  validation_error: 2000,
  authorization_model_resolution_too_complex: 2002,
  type_not_found: 2021,
  relation_not_found: 2022,
  invalid_tuple: 2027,
} as const;

/**
 * The server's request limits (OpenFGA v1.18.3 and v1.22.1, checked against the running server):
 * at most 100 contextual tuples in one Check, BatchCheck item, ListObjects, ListUsers
 * or Expand request (the `max_items: 100` rule on `ContextualTupleKeys.tuple_keys` in
 * openfga/api), answered 400 `validation_error`; at most 50 checks in one BatchCheck
 * HTTP call (`--max-checks-per-batch-check`, default 50), also `validation_error`.
 */
export const MAX_CONTEXTUAL_TUPLES = 100;
export const MAX_CHECKS_PER_BATCH_CHECK = 50;

export type AuthzErrorCode = keyof typeof AUTHZ_ERROR_CODES | 'unavailable';

/**
 * An authorization model as JSON (the body of OpenFGA's WriteAuthorizationModel),
 * as produced from the DSL by `@openfga/syntax-transformer`.
 */
export interface AuthorizationModel {
  readonly schema_version: string;
  readonly type_definitions: readonly unknown[];
  readonly conditions?: Readonly<Record<string, unknown>>;
}

/** A model and the tuples stored with it: what a store test or a fresh store starts from. */
export interface StoreFixture {
  readonly model: AuthorizationModel;
  readonly tuples: readonly TupleKey[];
}

/**
 * OpenFGA's queries as a client (or an in-process evaluator) offers them. Every
 * method answers or rejects with an AuthzError.
 */
export interface AuthorizationQueries {
  check(request: CheckRequest): Promise<CheckResult>;
  /** Results in request order. One failed item fails the batch. */
  batchCheck(requests: readonly CheckRequest[]): Promise<readonly CheckResult[]>;
  listObjects(request: ListObjectsRequest): Promise<ListObjectsResult>;
  explain(request: CheckRequest): Promise<ExplainResult>;
  /** True when it can answer now (readiness). */
  ready(): Promise<boolean>;
  /** Every later call rejects with AuthzError('unavailable'). */
  close(): Promise<void>;
}
