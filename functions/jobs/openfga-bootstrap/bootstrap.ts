import type { AuthorizationModel } from '../../openfga-embedded/vocabulary/types.ts';
import { sameModel } from '../../runtime/authz/same-model.ts';
import type { Logger } from '../../runtime/log/logger.ts';

/** The OpenFGA server as the bootstrap needs it; failures reject (AuthzError `unavailable`). */
export interface StoreAdmin {
  /** Whether the server answers its health check as serving; never rejects. */
  ready(): Promise<boolean>;
  /** Ids of the stores with this exact name, oldest first. */
  findStores(name: string): Promise<string[]>;
  createStore(name: string): Promise<string>;
  latestModel(storeId: string): Promise<{ id: string; model: AuthorizationModel } | undefined>;
  writeModel(storeId: string, model: AuthorizationModel): Promise<string>;
}

export interface StoreIds {
  readonly storeId: string;
  readonly modelId: string;
}

/** Where the ids go for the functions to read (`FGA_STORE_ID`, `FGA_MODEL_ID`). */
export interface IdsPublisher {
  /** Answers whether anything changed. */
  publish(ids: StoreIds): Promise<'updated' | 'unchanged'>;
}

export interface BootstrapDeps {
  readonly admin: StoreAdmin;
  readonly publisher: IdsPublisher;
  readonly storeName: string;
  /** The model the image's functions run with (`dist/authorization-model.json`). */
  readonly model: AuthorizationModel;
  readonly logger: Logger;
  /** How long to wait for OpenFGA to come up (it starts beside this Job on a first deploy). */
  readonly waitMs: number;
  /** @default 2000 */
  readonly pollMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly clock?: () => number;
}

export interface BootstrapResult extends StoreIds {
  readonly storeCreated: boolean;
  readonly modelWritten: boolean;
  readonly published: 'updated' | 'unchanged';
}

export class BootstrapError extends Error {
  override readonly name = 'BootstrapError';
}

/**
 * Makes sure the store and model the functions run with exist, and says which they
 * are: waits for OpenFGA, finds the store by name or creates it, writes the model only
 * when it differs from the store's latest, then publishes both ids. Run again with
 * nothing changed, it writes nothing.
 */
export async function bootstrapStore(deps: BootstrapDeps): Promise<BootstrapResult> {
  await waitUntilReady(deps);
  const found = await deps.admin.findStores(deps.storeName);
  if (found.length > 1) {
    deps.logger.warn(`${found.length} stores are named ${deps.storeName}: using the oldest`);
  }
  const storeId = found[0] ?? (await deps.admin.createStore(deps.storeName));
  const latest = await deps.admin.latestModel(storeId);
  const modelWritten = !latest || !sameModel(latest.model, deps.model);
  const modelId = modelWritten ? await deps.admin.writeModel(storeId, deps.model) : latest.id;
  const published = await deps.publisher.publish({ storeId, modelId });
  return { storeId, modelId, storeCreated: found.length === 0, modelWritten, published };
}

async function waitUntilReady(deps: BootstrapDeps): Promise<void> {
  const clock = deps.clock ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  const deadline = clock() + deps.waitMs;
  while (!(await deps.admin.ready())) {
    if (clock() >= deadline) {
      throw new BootstrapError(`OpenFGA was not ready within ${Math.round(deps.waitMs / 1000)} s`);
    }
    await sleep(deps.pollMs ?? 2000);
  }
}
