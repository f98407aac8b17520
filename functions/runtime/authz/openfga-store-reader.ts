import { CredentialsMethod, OpenFgaClient } from '@openfga/sdk';
import type { AuthorizationModel, TupleKey } from '../../openfga-embedded/vocabulary/types.ts';
import type { OpenFgaAuthzConfig } from './config.ts';
import { openFgaHttp, openFgaRequestOptions } from './openfga-http.ts';
import { withDeadline } from './openfga-map-error.ts';

type StoreConfig = Pick<OpenFgaAuthzConfig, 'apiUrl' | 'apiToken' | 'storeId' | 'timeoutMs'>;

/** OpenFGA's largest Read page. */
const READ_PAGE = 100;
/** OpenFGA accepts at most 100 tuple changes per Write. */
const DELETE_CHUNK = 100;

function client(config: StoreConfig, modelId?: string): OpenFgaClient {
  return new OpenFgaClient(
    {
      apiUrl: config.apiUrl,
      storeId: config.storeId,
      ...(modelId ? { authorizationModelId: modelId } : {}),
      credentials: config.apiToken
        ? { method: CredentialsMethod.ApiToken, config: { token: config.apiToken } }
        : { method: CredentialsMethod.None },
      // Deletes are not idempotent (a replayed delete fails on a missing tuple): never retry.
      retryParams: { maxRetry: 0 },
      baseOptions: openFgaRequestOptions(config.timeoutMs),
    },
    openFgaHttp(),
  );
}

/** Every tuple stored in the store, page by page (OpenFGA Read without a filter). */
export async function readAllTuples(config: StoreConfig): Promise<TupleKey[]> {
  const fga = client(config);
  const tuples: TupleKey[] = [];
  let continuationToken: string | undefined;
  do {
    const token = continuationToken;
    const page = await withDeadline(config.timeoutMs, () =>
      fga.read({}, { pageSize: READ_PAGE, ...(token ? { continuationToken: token } : {}) }),
    );
    for (const { key } of page.tuples) {
      tuples.push({
        object: key.object,
        relation: key.relation,
        user: key.user,
        ...(key.condition
          ? {
              condition: {
                name: key.condition.name,
                ...(key.condition.context
                  ? { context: key.condition.context as Record<string, unknown> }
                  : {}),
              },
            }
          : {}),
      });
    }
    continuationToken = page.continuation_token || undefined;
  } while (continuationToken);
  return tuples;
}

/** The store's latest model and its id, or undefined for a store without one. */
export async function readLatestModel(
  config: StoreConfig,
): Promise<{ id: string; model: AuthorizationModel } | undefined> {
  const answer = await withDeadline(config.timeoutMs, () => client(config).readLatestAuthorizationModel());
  const latest = answer?.authorization_model;
  if (!latest) return undefined;
  const { id, ...model } = latest;
  return { id, model: model as AuthorizationModel };
}

/** Deletes tuples in chunks of 100, each chunk one transaction; stops at the first failure. */
export async function deleteTuples(
  config: StoreConfig & { readonly modelId: string },
  tuples: readonly TupleKey[],
): Promise<void> {
  const fga = client(config, config.modelId);
  for (let start = 0; start < tuples.length; start += DELETE_CHUNK) {
    const chunk = tuples
      .slice(start, start + DELETE_CHUNK)
      .map((t) => ({ user: t.user, relation: t.relation, object: t.object }));
    await withDeadline(config.timeoutMs, () => fga.deleteTuples(chunk));
  }
}
