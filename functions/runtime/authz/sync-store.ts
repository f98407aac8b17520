import type { AuthorizationModel, TupleKey } from '../../openfga-embedded/vocabulary/types.ts';
import {
  createStoreWithModel,
  deleteStore,
  type OpenFgaConnection,
  writeTuples,
} from './openfga-store-admin.ts';
import type { TuplePolicy } from './tuple-policy.ts';

export interface StoreSync {
  readonly connection: OpenFgaConnection;
  /** The new store's name, e.g. `hoi-organisation-2026-11-25`. */
  readonly name: string;
  readonly model: AuthorizationModel;
  /** The organisation as stored tuples (`organisationTuples`, `sandboxOrganisationTuples`). */
  readonly tuples: readonly TupleKey[];
  /** POL-001 (`loadTuplePolicy`): what may be stored at all. */
  readonly policy: TuplePolicy;
}

/** What a function in `openfga` mode is configured with (`FGA_STORE_ID`, `FGA_MODEL_ID`). */
export interface SyncedStore {
  readonly storeId: string;
  readonly modelId: string;
  readonly tuplesWritten: number;
}

/**
 * Fills a new OpenFGA store with the model and the organisation: for runs on
 * the real server (CI, a new environment). Refuses, before anything is
 * written, any tuple POL-001 forbids storing (POL-001.2) — a fact about a
 * child never reaches the server. A store whose writes fail is deleted, so no
 * half-written organisation is left for a function to be pointed at.
 */
export async function syncStore(sync: StoreSync): Promise<SyncedStore> {
  sync.policy.assertStorable(sync.tuples);
  const { storeId, modelId } = await createStoreWithModel(sync.connection, sync.name, sync.model);
  try {
    await writeTuples(
      { ...sync.connection, storeId, modelId, timeoutMs: sync.connection.timeoutMs ?? 10_000 },
      sync.tuples,
    );
  } catch (error) {
    await deleteStore(sync.connection, storeId).catch(() => {});
    throw error;
  }
  return { storeId, modelId, tuplesWritten: sync.tuples.length };
}
