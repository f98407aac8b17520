import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { loadRelevantCasesPolicy } from '../../../functions/kit/org-sync/relevant-cases-policy.ts';
import { loadModel } from '../../../functions/runtime/authz/model.ts';
import { deleteStore } from '../../../functions/runtime/authz/openfga-store-admin.ts';
import { syncStore } from '../../../functions/runtime/authz/sync-store.ts';
import { loadTuplePolicy } from '../../../functions/runtime/authz/tuple-policy.ts';
import type { DatabaseConfig } from '../../../functions/runtime/db/config.ts';
import { createPostgresDatabase } from '../../../functions/runtime/db/postgres.ts';
import { sandboxOrganisationTuples } from '../../../functions/sandbox/organisation-tuples.ts';
import { realOpenFga, realPostgresUrl } from '../../../functions/testing/real-services.ts';
import { type Gate, openGate } from './gate.ts';
import { withBrokenCaseLookup } from './in-process.ts';
import { ROOT, type World } from './world.ts';

/** Runs `during` against case-lookup (its base URL) while one component is down. */
export type WithFault = <T>(platformUrl: string, during: (caseLookupUrl: string) => Promise<T>) => Promise<T>;

/** What a variant puts around the platform: its components, how to break them, where its audit log is. */
export interface Prepared {
  /** The platform's environment for this variant's authorizer and audit store. */
  readonly env: Readonly<Record<string, string>>;
  /** Where to read the audit log once the platform has stopped. */
  readonly auditStore: DatabaseConfig;
  readonly withAuthorizerDown: WithFault;
  readonly withAuditStoreDown: WithFault;
  cleanup(): Promise<void>;
}

export interface Variant {
  readonly name: string;
  /** Why the variant cannot run here; absent when it can. */
  readonly skip?: string;
  prepare(dir: string, world: World, common: Readonly<Record<string, string>>): Promise<Prepared>;
}

/** `npm start` as it is: the embedded evaluator over the synced organisation, PGlite (on disk, to read it after). */
export const embedded: Variant = {
  name: 'embedded stand-ins (in-process OpenFGA evaluator, PGlite)',
  async prepare(dir, _world, common) {
    const dataDir = join(dir, 'pglite-audit');
    const broken =
      (breakIt: Parameters<typeof withBrokenCaseLookup>[1]): WithFault =>
      (platformUrl, during) =>
        withBrokenCaseLookup({ ...common, UPSTREAM_BASE_URL: `${platformUrl}/sandbox` }, breakIt, during);
    return {
      env: { AUTHZ_MODE: 'embedded', PGLITE_DIR: dataDir },
      auditStore: { kind: 'pglite', dataDir },
      withAuthorizerDown: broken((kit) => kit.authorizer.close()),
      withAuditStoreDown: broken((kit) => kit.database.close()),
      cleanup: async () => {},
    };
  },
};

const openFga = realOpenFga();
const postgresUrl = realPostgresUrl();

/**
 * The real components of `.ci/with-services`: the OpenFGA server with a store
 * synced from the sandbox organisation, PostgreSQL in a schema of its own.
 * Each sits behind a gate, so a test can take it away over real sockets.
 */
export const real: Variant = realComponents();

/** How long the replica variant's copy may lag: short, so that a test can outwait it. */
export const REPLICA_MAX_STALENESS_MS = 1000;

/**
 * The real components with each function's checks decided by its copy of the
 * store (AUTHZ_REPLICA=on, POL-002.6), polled every 100 ms; with the server
 * down, the copy decides until it is `REPLICA_MAX_STALENESS_MS` old, so the
 * fault waits that out before the request: then nothing decides and the
 * answer is the server's 503.
 */
export const realWithReplica: Variant = realComponents({
  AUTHZ_REPLICA: 'on',
  AUTHZ_REPLICA_POLL_MS: '100',
  AUTHZ_REPLICA_MAX_STALENESS_MS: String(REPLICA_MAX_STALENESS_MS),
});

function realComponents(replica?: Readonly<Record<string, string>>): Variant {
  return {
    name: replica
      ? 'real components (OpenFGA server copied into each function, PostgreSQL)'
      : 'real components (OpenFGA server, PostgreSQL)',
    ...(openFga && postgresUrl
      ? {}
      : {
          skip: 'FGA_API_URL or HOI_TEST_POSTGRES_URL unset: run `.ci/with-services npx vitest run test/e2e`',
        }),
    async prepare(_dir, world, _common) {
      const schema = `e2e_${randomBytes(6).toString('hex')}`;
      const admin = createPostgresDatabase({ kind: 'postgres', url: postgresUrl! });
      await admin.exec(`CREATE SCHEMA ${schema}`);
      const connection = { ...openFga!, timeoutMs: 15_000 };
      const store = await syncStore({
        connection,
        name: `e2e-${schema}`,
        model: await loadModel(join(ROOT, 'openfga/model/model.fga')),
        tuples: await sandboxOrganisationTuples(
          world.data,
          await loadRelevantCasesPolicy(join(ROOT, 'policies/relevant-cases.yaml')),
        ),
        policy: await loadTuplePolicy(join(ROOT, 'policies/tuple-storage.yaml')),
      });
      const fga = await gateTo(openFga!.apiUrl);
      const pg = await gateTo(postgresUrl!);
      const down =
        (gate: Gate, outwait = 0): WithFault =>
        async (platformUrl, during) => {
          gate.set('refuse');
          try {
            if (outwait > 0) await new Promise((resolve) => setTimeout(resolve, outwait));
            return await during(`${platformUrl}/case-lookup`);
          } finally {
            gate.set('open');
          }
        };
      return {
        env: {
          AUTHZ_MODE: 'openfga',
          FGA_API_URL: via(openFga!.apiUrl, fga),
          FGA_STORE_ID: store.storeId,
          FGA_MODEL_ID: store.modelId,
          ...(openFga!.apiToken ? { FGA_API_TOKEN: openFga!.apiToken } : {}),
          FGA_TIMEOUT_MS: '5000',
          DATABASE_URL: via(postgresUrl!, pg),
          DATABASE_SCHEMA: schema,
          ...replica,
        },
        auditStore: { kind: 'postgres', url: postgresUrl!, schema },
        withAuthorizerDown: down(fga, replica ? REPLICA_MAX_STALENESS_MS + 500 : 0),
        withAuditStoreDown: down(pg),
        async cleanup() {
          await Promise.all([fga.close(), pg.close()]);
          await deleteStore(connection, store.storeId);
          await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
          await admin.close();
        },
      };
    },
  };
}

async function gateTo(url: string): Promise<Gate> {
  const gate = await openGate();
  const { hostname, port } = new URL(url);
  gate.target(hostname, Number(port));
  gate.set('open');
  return gate;
}

/** The URL with the gate's address in place of the component's host and port. */
function via(url: string, gate: Gate): string {
  const rewritten = new URL(url);
  rewritten.host = gate.address;
  return rewritten.toString().replace(/\/$/, '');
}
