import type { Hono } from 'hono';
import { createKit, type SharedParts } from '../kit/create-kit.ts';
import type { FoundFunction } from '../kit/find-functions.ts';
import type { Env } from '../kit/kit.ts';
import type { Authorizer } from '../runtime/authz/port.ts';
import { loadDatabaseConfig } from '../runtime/db/config.ts';
import type { Database } from '../runtime/db/database.ts';
import { openDatabase } from '../runtime/db/open-database.ts';

export interface Mounted {
  readonly name: string;
  /** The function's app, or why it could not start here (its configuration error). */
  readonly app?: Hono;
  readonly failure?: string;
}

export interface MountedFunctions {
  readonly mounted: readonly Mounted[];
  close(): Promise<void>;
}

/**
 * Starts every function found, each on a kit of its own built from `env`, all
 * sharing one audit database and one embedded authorizer (as one process can).
 * A function that cannot start here (say authz-sync without an OpenFGA server)
 * is reported with its reason instead of stopping the others.
 */
export async function mountFunctions(found: readonly FoundFunction[], env: Env): Promise<MountedFunctions> {
  let database: Promise<Database> | undefined;
  let authorizer: Promise<Authorizer> | undefined;
  const { startAuthorizer } = await import('../kit/start-authorizer.ts');
  const shared: SharedParts = {
    database: () => {
      database ??= openDatabase(loadDatabaseConfig(env));
      return database;
    },
    authorizer: (sources) => {
      authorizer ??= startAuthorizer(env, sources);
      return authorizer;
    },
  };
  const closers: (() => Promise<void>)[] = [];
  const mounted: Mounted[] = [];
  for (const { manifest, load } of found) {
    try {
      const [started, { createApp }] = await Promise.all([createKit(manifest, env, shared), load()]);
      closers.push(started.close);
      mounted.push({ name: manifest.name, app: await createApp(started.kit) });
    } catch (error) {
      mounted.push({ name: manifest.name, failure: error instanceof Error ? error.message : String(error) });
    }
  }
  return {
    mounted,
    close: async () => {
      for (const close of closers) await close();
      await (await authorizer?.catch(() => undefined))?.close();
      await (await database?.catch(() => undefined))?.close();
    },
  };
}
