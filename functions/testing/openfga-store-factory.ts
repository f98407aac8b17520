import type { StoreFixture } from '../openfga-embedded/vocabulary/types.ts';
import type { OpenFgaAuthzConfig } from '../runtime/authz/config.ts';
import { createOpenFgaAuthorizer } from '../runtime/authz/openfga-adapter.ts';
import {
  createStoreWithModel,
  deleteStore,
  type OpenFgaConnection,
  writeTuples,
} from '../runtime/authz/openfga-store-admin.ts';
import type { Authorizer } from '../runtime/authz/port.ts';

/**
 * Store-file runner factory over the real OpenFGA server: every fixture gets
 * its own store with the model and tuples written, queried through the
 * project's OpenFGA adapter. `cleanup()` deletes the stores it made.
 */
export function openFgaStoreFactory(connection: OpenFgaConnection) {
  const made: string[] = [];
  let counter = 0;
  return {
    async factory(fixture: StoreFixture): Promise<Authorizer> {
      const ids = await createStoreWithModel(
        connection,
        `store-file-${Date.now()}-${counter++}`,
        fixture.model,
      );
      made.push(ids.storeId);
      const config: OpenFgaAuthzConfig = {
        mode: 'openfga',
        ...connection,
        ...ids,
        timeoutMs: 15_000,
        maxRetries: 1,
      };
      await writeTuples(config, fixture.tuples);
      return createOpenFgaAuthorizer(config);
    },
    async cleanup(): Promise<void> {
      await Promise.all(made.map((id) => deleteStore(connection, id)));
    },
  };
}
