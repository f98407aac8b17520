import { CredentialsMethod, OpenFgaClient } from '@openfga/sdk';
import type { OpenFgaAuthzConfig } from '../config.ts';
import { AuthzError } from '../errors.ts';
import type { Authorizer } from '../port.ts';
import type {
  AuthorizationModel,
  CheckRequest,
  CheckResult,
  ExplainResult,
  ListObjectsRequest,
  StoreFixture,
  TupleKey,
} from '../types.ts';
import { withDeadline } from './map-error.ts';

/** Builds an in-process authorizer over the server's model and stored tuples, for explain. */
export type ExplainerFactory = (fixture: StoreFixture) => Promise<Authorizer>;

const BATCH_PARALLELISM = 8;

/**
 * The authorizer port over a real OpenFGA server (`@openfga/sdk`). Reads retry
 * on network errors, 429 and 5xx within one overall deadline; nothing here
 * retries a write. Every failure is an AuthzError (`unavailable` unless the
 * request itself was invalid), so callers fail closed.
 */
export function createOpenFgaAuthorizer(
  config: OpenFgaAuthzConfig,
  explainer?: ExplainerFactory,
): Authorizer {
  const client = new OpenFgaClient({
    apiUrl: config.apiUrl,
    storeId: config.storeId,
    authorizationModelId: config.modelId,
    credentials: config.apiToken
      ? { method: CredentialsMethod.ApiToken, config: { token: config.apiToken } }
      : { method: CredentialsMethod.None },
    retryParams: { maxRetry: config.maxRetries, minWaitInMs: 25 },
    baseOptions: { timeout: config.timeoutMs },
  });
  const deadline = <T>(call: () => Promise<T>) => withDeadline(config.timeoutMs, call);

  async function check(request: CheckRequest): Promise<CheckResult> {
    const response = await deadline(() => client.check(toSdkCheck(request)));
    return { allowed: response.allowed === true };
  }

  return {
    check,
    async batchCheck(requests) {
      const results: CheckResult[] = new Array(requests.length);
      let next = 0;
      const worker = async () => {
        while (next < requests.length) {
          const index = next++;
          results[index] = await check(requests[index]!);
        }
      };
      await Promise.all(Array.from({ length: Math.min(BATCH_PARALLELISM, requests.length) }, worker));
      return results;
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
