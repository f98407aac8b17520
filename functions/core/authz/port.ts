import type {
  CheckRequest,
  CheckResult,
  ExplainResult,
  ListObjectsRequest,
  ListObjectsResult,
} from './types.ts';

/**
 * The one authorization port every function uses. Two adapters implement it:
 * the embedded evaluator (local default) and the OpenFGA server (production).
 * Every method either answers or throws an AuthzError; callers deny on error.
 */
export interface Authorizer {
  check(request: CheckRequest): Promise<CheckResult>;
  /** Results in request order. One failed item fails the batch (fail closed). */
  batchCheck(requests: readonly CheckRequest[]): Promise<readonly CheckResult[]>;
  listObjects(request: ListObjectsRequest): Promise<ListObjectsResult>;
  explain(request: CheckRequest): Promise<ExplainResult>;
  /** True when the authorizer can answer now (readiness). */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}
