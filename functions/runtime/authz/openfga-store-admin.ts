import { CredentialsMethod, OpenFgaClient } from '@openfga/sdk';
import type { AuthorizationModel, TupleKey } from '../../openfga-embedded/vocabulary/types.ts';
import type { OpenFgaAuthzConfig } from './config.ts';
import { openFgaHttp, openFgaRequestOptions } from './openfga-http.ts';
import { withDeadline } from './openfga-map-error.ts';

/** Where an OpenFGA server is and how to authenticate, before a store exists. */
export interface OpenFgaConnection {
  readonly apiUrl: string;
  readonly apiToken?: string;
  readonly timeoutMs?: number;
}

/** OpenFGA accepts at most 100 tuple changes per Write. */
const WRITE_CHUNK = 100;
/** Writes a store fill keeps in flight at once. */
const WRITES_IN_FLIGHT = 4;

function adminClient(connection: OpenFgaConnection, storeId?: string, modelId?: string): OpenFgaClient {
  return new OpenFgaClient(
    {
      apiUrl: connection.apiUrl,
      ...(storeId ? { storeId } : {}),
      ...(modelId ? { authorizationModelId: modelId } : {}),
      credentials: connection.apiToken
        ? { method: CredentialsMethod.ApiToken, config: { token: connection.apiToken } }
        : { method: CredentialsMethod.None },
      // Writes are not idempotent (a replayed write fails on duplicates): never retry them.
      retryParams: { maxRetry: 0 },
      baseOptions: openFgaRequestOptions(connection.timeoutMs ?? 10_000),
    },
    openFgaHttp(),
  );
}

/** The ids of the stores with exactly this name (OpenFGA does not keep names unique), oldest first. */
export async function findStores(connection: OpenFgaConnection, name: string): Promise<string[]> {
  const client = adminClient(connection);
  const ids: string[] = [];
  let continuationToken: string | undefined;
  do {
    const token = continuationToken;
    const page = await withDeadline(connection.timeoutMs ?? 10_000, () =>
      client.listStores({ name, ...(token ? { continuationToken: token } : {}) }),
    );
    for (const store of page.stores) if (store.name === name) ids.push(store.id);
    continuationToken = page.continuation_token || undefined;
  } while (continuationToken);
  // Store ids are ULIDs: sorted, the oldest comes first.
  return ids.sort();
}

/** Creates an empty store; answers its id. */
export async function createStore(connection: OpenFgaConnection, name: string): Promise<string> {
  const deadlineMs = connection.timeoutMs ?? 10_000;
  return (await withDeadline(deadlineMs, () => adminClient(connection).createStore({ name }))).id;
}

/** Creates a store and writes the model into it; answers the ids functions are configured with. */
export async function createStoreWithModel(
  connection: OpenFgaConnection,
  name: string,
  model: AuthorizationModel,
): Promise<{ storeId: string; modelId: string }> {
  const storeId = await createStore(connection, name);
  const modelId = await writeModel(connection, storeId, model);
  return { storeId, modelId };
}

/** Writes a new model version into an existing store (models are immutable in OpenFGA). */
export async function writeModel(
  connection: OpenFgaConnection,
  storeId: string,
  model: AuthorizationModel,
): Promise<string> {
  const client = adminClient(connection, storeId);
  const written = await withDeadline(connection.timeoutMs ?? 10_000, () =>
    client.writeAuthorizationModel(model as Parameters<OpenFgaClient['writeAuthorizationModel']>[0]),
  );
  return written.authorization_model_id;
}

/** Writes tuples in chunks of 100, each chunk one transaction; stops at the first failure. */
export async function writeTuples(
  config: Pick<OpenFgaAuthzConfig, 'apiUrl' | 'apiToken' | 'storeId' | 'modelId' | 'timeoutMs'>,
  tuples: readonly TupleKey[],
): Promise<void> {
  const client = adminClient(config, config.storeId, config.modelId);
  const chunks = Math.ceil(tuples.length / WRITE_CHUNK);
  let next = 0;
  // Writes of new tuples commute: a few in flight keep the server's datastore busy between round trips.
  const lane = async () => {
    for (let chunk = next++; chunk < chunks; chunk = next++) {
      const writes = tuples.slice(chunk * WRITE_CHUNK, (chunk + 1) * WRITE_CHUNK).map((t) => ({
        user: t.user,
        relation: t.relation,
        object: t.object,
        ...(t.condition ? { condition: { name: t.condition.name, context: t.condition.context ?? {} } } : {}),
      }));
      try {
        await withDeadline(config.timeoutMs, () => client.writeTuples(writes));
      } catch (error) {
        next = chunks; // the other lanes stop after the write they are in
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(WRITES_IN_FLIGHT, chunks) }, lane));
}

/** Deletes a store (test clean-up and decommissioning). */
export async function deleteStore(connection: OpenFgaConnection, storeId: string): Promise<void> {
  await withDeadline(connection.timeoutMs ?? 10_000, () => adminClient(connection, storeId).deleteStore());
}
