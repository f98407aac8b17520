import type { AuthorizationModel, StoreFixture } from '../openfga-embedded/vocabulary/types.ts';
import type { OpenFgaAuthzConfig } from '../runtime/authz/config.ts';
import { createOpenFgaAuthorizer } from '../runtime/authz/openfga-adapter.ts';
import {
  createStoreWithModel,
  deleteStore,
  type OpenFgaConnection,
  writeTuples,
} from '../runtime/authz/openfga-store-admin.ts';
import type { Authorizer } from '../runtime/authz/port.ts';
import { type ReplicaAuthorizer, replicaAuthorizer } from '../runtime/authz/replica-authorizer.ts';

function everyRelation(model: AuthorizationModel): ReadonlySet<string> {
  return new Set(
    (model.type_definitions as readonly { type: string; relations?: object }[]).flatMap((definition) =>
      Object.keys(definition.relations ?? {}).map((relation) => `${definition.type}#${relation}`),
    ),
  );
}

/**
 * Store-file runner factory over the real OpenFGA server: every fixture gets
 * its own store with the model and tuples written, queried through the
 * project's OpenFGA adapter. `cleanup()` deletes the stores it made.
 */
export function openFgaStoreFactory(
  connection: OpenFgaConnection,
  options: {
    /**
     * Checks decided by an in-process copy of each store (runtime/authz/replica-authorizer.ts),
     * holding every relation of the fixture's model; each factory waits for its
     * first catch-up. `replicas` lists them, to tell who decided.
     */
    readonly replica?: boolean;
  } = {},
) {
  const made: string[] = [];
  const replicas: ReplicaAuthorizer[] = [];
  let counter = 0;
  return {
    replicas,
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
      const server = createOpenFgaAuthorizer(config);
      if (!options.replica) return server;
      const replica = replicaAuthorizer(server, {
        config: { pollMs: 100, maxStalenessMs: 10_000, maxTuples: 100_000 },
        permissions: [],
        stored: everyRelation(fixture.model),
        startDelayMs: 0,
      });
      replicas.push(replica);
      await replica.firstCatchUp();
      return replica;
    },
    async cleanup(): Promise<void> {
      await Promise.all(replicas.map((replica) => replica.close()));
      await Promise.all(made.map((id) => deleteStore(connection, id)));
    },
  };
}
