import {
  CredentialsMethod,
  OpenFgaClient,
  TelemetryAttribute,
  TelemetryMetric,
  TupleOperation,
} from '@openfga/sdk';
import { AuthzError } from '../../openfga-embedded/vocabulary/errors.ts';
import {
  type AuthorizationModel,
  type CheckRequest,
  type CheckResult,
  type ExplainResult,
  type ListObjectsRequest,
  MAX_CHECKS_PER_BATCH_CHECK,
  type StoreFixture,
  type TupleKey,
} from '../../openfga-embedded/vocabulary/types.ts';
import type { OpenFgaAuthzConfig } from './config.ts';
import { openFgaHttp, openFgaRequestOptions } from './openfga-http.ts';
import { withDeadline } from './openfga-map-error.ts';
import type { Authorizer } from './port.ts';

/** The server as an authorizer, and the model it evaluates (the configured id). */
export interface OpenFgaAuthorizer extends Authorizer {
  model(): Promise<AuthorizationModel>;
  /**
   * One page of the store's changes to objects of `type` after `token` (OpenFGA
   * ReadChanges, oldest first; no token: from the store's first change), and the
   * token to ask on from; the same token back when nothing changed since.
   */
  changes(type: string, token: string | undefined): Promise<ChangePage>;
}

/** A tuple the store wrote or deleted, in the order the store did. */
export interface TupleChange {
  readonly operation: 'write' | 'delete';
  readonly tuple: TupleKey;
}

export interface ChangePage {
  readonly changes: readonly TupleChange[];
  readonly token: string | undefined;
}

/** OpenFGA's largest ReadChanges page. */
export const CHANGES_PAGE = 100;

/** Builds an in-process authorizer over the server's model and stored tuples, for explain. */
export type ExplainerFactory = (fixture: StoreFixture) => Promise<Authorizer>;

/**
 * The attributes of the SDK's own client metric (each call's duration), named
 * here instead of left to the SDK's defaults: none names whom a check is about
 * (`fga-client.user` would carry a guardian's keyed pseudonym, POL-001.7) or
 * the full URL, and none the user agent or a client id this deployment does
 * not have.
 */
export const SDK_METRIC_ATTRIBUTES: ReadonlySet<TelemetryAttribute> = new Set([
  TelemetryAttribute.HttpHost,
  TelemetryAttribute.HttpResponseStatusCode,
  TelemetryAttribute.HttpRequestResendCount,
  TelemetryAttribute.FgaClientRequestMethod,
  TelemetryAttribute.FgaClientRequestStoreId,
  TelemetryAttribute.FgaClientRequestModelId,
]);

// Only the call's duration: the server's query duration arrives in a response header our
// transport does not hand the SDK (openfga-http.ts), so the SDK could never record it.
const SDK_TELEMETRY = {
  metrics: { [TelemetryMetric.HistogramRequestDuration]: { attributes: new Set(SDK_METRIC_ATTRIBUTES) } },
};

// Small batches: each is one HTTP call whose checks the server runs concurrently, under its
// gateway timeout; a few in flight keep a small server busy without overloading it. The
// server refuses more than MAX_CHECKS_PER_BATCH_CHECK (50) checks in one call.
const BATCH_SIZE = Math.min(20, MAX_CHECKS_PER_BATCH_CHECK);
const BATCH_PARALLELISM = 2;

/**
 * The authorizer port over a real OpenFGA server (`@openfga/sdk`). Reads retry
 * on network errors, 429 and 5xx within one overall deadline; nothing here
 * retries a write. Every failure is an AuthzError (`unavailable` unless the
 * request itself was invalid), so callers fail closed.
 */
export function createOpenFgaAuthorizer(
  config: OpenFgaAuthzConfig,
  explainer?: ExplainerFactory,
): OpenFgaAuthorizer {
  const client = new OpenFgaClient(
    {
      apiUrl: config.apiUrl,
      storeId: config.storeId,
      authorizationModelId: config.modelId,
      credentials: config.apiToken
        ? { method: CredentialsMethod.ApiToken, config: { token: config.apiToken } }
        : { method: CredentialsMethod.None },
      retryParams: { maxRetry: config.maxRetries, minWaitInMs: 25 },
      baseOptions: openFgaRequestOptions(config.timeoutMs),
      telemetry: SDK_TELEMETRY,
    },
    openFgaHttp(),
  );
  const deadline = <T>(call: () => Promise<T>) => withDeadline(config.timeoutMs, call);

  async function check(request: CheckRequest): Promise<CheckResult> {
    const response = await deadline(() => client.check(toSdkCheck(request)));
    return { allowed: response.allowed === true };
  }

  return {
    check,
    async batchCheck(requests) {
      if (requests.length === 0) return [];
      // The server's BatchCheck: BATCH_SIZE checks per HTTP call, evaluated concurrently server-side.
      const rounds = Math.ceil(Math.ceil(requests.length / BATCH_SIZE) / BATCH_PARALLELISM);
      const response = await withDeadline(config.timeoutMs * rounds, () =>
        client.batchCheck(
          {
            checks: requests.map((request, index) => ({
              ...toSdkCheck(request),
              contextualTuples: { tuple_keys: sdkTuples(request.contextualTuples) },
              correlationId: String(index),
            })),
          },
          { maxBatchSize: BATCH_SIZE, maxParallelRequests: BATCH_PARALLELISM },
        ),
      );
      const results: (CheckResult | undefined)[] = requests.map(() => undefined);
      for (const item of response.result) {
        if (item.error) {
          // One unanswered check fails the whole batch: no partial decisions (fail closed).
          throw new AuthzError(
            item.error.input_error ? 'validation_error' : 'unavailable',
            item.error.message ?? 'a check in the batch failed',
          );
        }
        results[Number(item.correlationId)] = { allowed: item.allowed === true };
      }
      if (results.includes(undefined)) throw new AuthzError('unavailable', 'the batch answer is incomplete');
      return results as CheckResult[];
    },
    async listObjects(request: ListObjectsRequest) {
      const response = await deadline(() =>
        client.listObjects({
          user: request.user,
          relation: request.relation,
          type: request.type,
          contextualTuples: sdkTuples(request.contextualTuples),
          ...(request.context ? { context: request.context } : {}),
        }),
      );
      return { objects: response.objects };
    },
    async explain(request): Promise<ExplainResult> {
      if (!explainer)
        throw new AuthzError('unavailable', 'explain is not configured for the OpenFGA adapter');
      const [decision, fixture] = await Promise.all([check(request), readFixture()]);
      const explained = await (await explainer(fixture)).explain(request);
      if (explained.allowed !== decision.allowed) {
        throw new AuthzError('unavailable', 'the explanation disagrees with the server; the server decided');
      }
      return explained;
    },
    async model() {
      const response = await deadline(() => client.readAuthorizationModel());
      return response.authorization_model as unknown as AuthorizationModel;
    },
    async changes(type, token) {
      const page = await deadline(() =>
        client.readChanges(
          { type },
          { pageSize: CHANGES_PAGE, ...(token ? { continuationToken: token } : {}) },
        ),
      );
      return {
        changes: page.changes.map(({ operation, tuple_key: key }) => ({
          operation: operation === TupleOperation.Delete ? 'delete' : 'write',
          tuple: {
            user: key.user,
            relation: key.relation,
            object: key.object,
            ...withCondition(key.condition),
          },
        })),
        token: page.continuation_token || token,
      };
    },
    async ready() {
      try {
        await deadline(() => client.readAuthorizationModel());
        return true;
      } catch {
        return false;
      }
    },
    async close() {},
  };

  /** The model and every stored tuple: the organisation only (POL-001), so small enough to page through. */
  async function readFixture(): Promise<StoreFixture> {
    const model = await deadline(() => client.readAuthorizationModel());
    const tuples: TupleKey[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await deadline(() => client.read({}, { pageSize: 100, continuationToken }));
      for (const { key } of page.tuples) {
        tuples.push({
          user: key.user,
          relation: key.relation,
          object: key.object,
          ...withCondition(key.condition),
        });
      }
      continuationToken = page.continuation_token || undefined;
    } while (continuationToken);
    return { model: model.authorization_model as unknown as AuthorizationModel, tuples };
  }
}

function toSdkCheck(request: CheckRequest) {
  return {
    user: request.user,
    relation: request.relation,
    object: request.object,
    contextualTuples: sdkTuples(request.contextualTuples),
    ...(request.context ? { context: request.context } : {}),
  };
}

function sdkTuples(tuples: readonly TupleKey[] | undefined) {
  return (tuples ?? []).map((t) => ({
    user: t.user,
    relation: t.relation,
    object: t.object,
    ...(t.condition ? { condition: { name: t.condition.name, context: t.condition.context ?? {} } } : {}),
  }));
}

function withCondition(condition: { name: string; context?: object } | undefined) {
  return condition ? { condition: { name: condition.name, context: { ...condition.context } } } : {};
}
