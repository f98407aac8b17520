/**
 * The configurations `npm run bench` measures case-lookup in, by what the
 * environment offers. Production's needs a real OpenFGA server: the bench
 * fills a store of its own with the sandbox's organisation (as the e2e tests
 * do) and deletes it afterwards.
 */
import { join } from 'node:path';
import { manifest as CASE_LOOKUP } from '../../functions/case-lookup/manifest.ts';
import type { TupleKey } from '../../functions/openfga-embedded/vocabulary/types.ts';
import { loadModel } from '../../functions/runtime/authz/model.ts';
import { deleteStore } from '../../functions/runtime/authz/openfga-store-admin.ts';
import { syncStore } from '../../functions/runtime/authz/sync-store.ts';
import { loadTuplePolicy } from '../../functions/runtime/authz/tuple-policy.ts';
import { heapFlags, replicaTupleLimit } from '../../infra/constructs/node-heap.ts';
import { inClusterEnv } from '../../infra/targets/defaults.ts';

export interface BenchConfiguration {
  readonly label: string;
  /** Added to the shipped environment of case-lookup. */
  readonly env: Readonly<Record<string, string>>;
  /** Node's flags before the bundle: production's are those its Knative Service runs it with. */
  readonly nodeArgs: readonly string[];
  cleanup(): Promise<void>;
}

const root = join(import.meta.dirname, '../..');
const nothing = async () => {};

export async function benchConfigurations(
  /** The organisation as the sync stores it (`sandboxOrganisationTuples` of the bench's sandbox). */
  organisation: readonly TupleKey[],
  /** Holds the local audit log, kept between the runs as `npm start` keeps it between restarts. */
  workDir: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<BenchConfiguration[]> {
  const configurations: BenchConfiguration[] = [
    {
      label: 'local defaults: embedded authorizer, PGlite on disk',
      env: { AUTHZ_MODE: 'embedded', PGLITE_DIR: join(workDir, 'audit-pglite') },
      nodeArgs: [],
      cleanup: nothing,
    },
  ];
  const databaseUrl = env.DATABASE_URL ?? env.HOI_TEST_POSTGRES_URL;
  if (!databaseUrl) return configurations;
  configurations.push({
    label: 'embedded authorizer, PostgreSQL',
    env: { AUTHZ_MODE: 'embedded', DATABASE_URL: databaseUrl },
    nodeArgs: [],
    cleanup: nothing,
  });
  if (!env.FGA_API_URL) return configurations;
  const connection = {
    apiUrl: env.FGA_API_URL,
    ...(env.FGA_API_TOKEN ? { apiToken: env.FGA_API_TOKEN } : {}),
    timeoutMs: 15_000,
  };
  const store = await syncStore({
    connection,
    name: `bench-${Date.now()}`,
    model: await loadModel(join(root, 'openfga/model/model.fga')),
    tuples: organisation,
    policy: await loadTuplePolicy(join(root, 'policies/tuple-storage.yaml')),
  });
  const server = {
    AUTHZ_MODE: 'openfga',
    FGA_API_URL: connection.apiUrl,
    FGA_STORE_ID: store.storeId,
    FGA_MODEL_ID: store.modelId,
    ...(connection.apiToken ? { FGA_API_TOKEN: connection.apiToken } : {}),
    DATABASE_URL: databaseUrl,
  };
  // The heap flags its Knative Service runs it with (infra/constructs/knative-service.ts); Node
  // refuses --min-semi-space-size in NODE_OPTIONS.
  const nodeArgs = heapFlags(CASE_LOOKUP.resources.memory);
  // One store, two ways of deciding: every check asked of the server, and production's (the last), a
  // copy of the store in the function deciding while fresh (AUTHZ_REPLICA, as infra/targets/defaults.ts
  // deploys it).
  configurations.push(
    {
      label: 'OpenFGA server deciding every check (AUTHZ_REPLICA=off), PostgreSQL',
      env: { ...server, AUTHZ_REPLICA: 'off' },
      nodeArgs,
      cleanup: nothing,
    },
    {
      label: 'production: OpenFGA server copied into the function (AUTHZ_REPLICA=on), PostgreSQL',
      env: {
        ...server,
        AUTHZ_REPLICA: inClusterEnv('bench').AUTHZ_REPLICA!,
        // As its Knative Service sizes the copy to its container (infra/constructs/knative-service.ts).
        AUTHZ_REPLICA_MAX_TUPLES: String(replicaTupleLimit(CASE_LOOKUP.resources.memory)),
      },
      nodeArgs,
      cleanup: () => deleteStore(connection, store.storeId),
    },
  );
  return configurations;
}
