import {
  createStore,
  findStores,
  type OpenFgaConnection,
  writeModel,
} from '../../runtime/authz/openfga-store-admin.ts';
import { readLatestModel } from '../../runtime/authz/openfga-store-reader.ts';
import type { StoreAdmin } from './bootstrap.ts';

/** The bootstrap's port on a real OpenFGA server, through the kit's store admin code. */
export function openFgaAdmin(connection: OpenFgaConnection & { readonly timeoutMs: number }): StoreAdmin {
  return {
    ready: async () => {
      try {
        const response = await fetch(`${connection.apiUrl}/healthz`, {
          signal: AbortSignal.timeout(connection.timeoutMs),
        });
        return response.ok && ((await response.json()) as { status?: unknown }).status === 'SERVING';
      } catch {
        return false;
      }
    },
    findStores: (name) => findStores(connection, name),
    createStore: (name) => createStore(connection, name),
    latestModel: (storeId) => readLatestModel({ ...connection, storeId }),
    writeModel: (storeId, model) => writeModel(connection, storeId, model),
  };
}
