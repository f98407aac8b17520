/**
 * Test-only: run one suite on both stores the platform supports. PGlite always;
 * the real PostgreSQL when `HOI_TEST_POSTGRES_URL` is set (CI sets it through
 * `.ci/with-services`), each open in a schema of its own so parallel test files
 * do not collide. Without it the PostgreSQL suite is skipped, saying so in its name.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe } from 'vitest';
import type { DatabaseConfig } from '../runtime/db/config.ts';
import type { Database } from '../runtime/db/database.ts';
import { migrate } from '../runtime/db/migrate.ts';
import { createPgliteDatabase } from '../runtime/db/pglite.ts';
import { createPostgresDatabase } from '../runtime/db/postgres.ts';
import { realPostgresUrl } from './real-services.ts';

export const SKIP_REAL_POSTGRES =
  'skipped: HOI_TEST_POSTGRES_URL unset; run `.ci/with-services npx vitest run functions/runtime/db functions/runtime/audit` to include it';

export interface TestStore {
  readonly db: Database;
  /** Where the store is, for code that opens it itself (a PGlite store in memory cannot be reopened). */
  readonly config: DatabaseConfig;
  /** Opens another connection pool on the same schema (PostgreSQL only: PGlite has one connection). */
  readonly connectAgain?: () => Database;
  /** Closes the database and drops its schema. */
  close(): Promise<void>;
}

export interface StoreVariant {
  readonly name: 'PGlite' | 'PostgreSQL';
  readonly skipReason?: string;
  /** A fresh, empty store, migrated unless told otherwise. */
  open(options?: { migrate?: boolean }): Promise<TestStore>;
}

export function storeVariants(): StoreVariant[] {
  const url = realPostgresUrl();
  return [
    { name: 'PGlite', open: openPglite },
    url
      ? { name: 'PostgreSQL', open: (options) => openPostgres(url, options) }
      : {
          name: 'PostgreSQL',
          skipReason: SKIP_REAL_POSTGRES,
          open: () => Promise.reject(new Error(SKIP_REAL_POSTGRES)),
        },
  ];
}

/** Registers `body` once per store, each with one store opened before and closed after its tests. */
export function describeEachStore(
  title: string,
  body: (store: () => TestStore, variant: StoreVariant) => void,
  options: { migrate?: boolean } = {},
): void {
  for (const variant of storeVariants()) {
    const name = `${title} on ${variant.name}${variant.skipReason ? ` — ${variant.skipReason}` : ''}`;
    describe.skipIf(variant.skipReason !== undefined)(name, () => {
      let opened: TestStore | undefined;
      beforeAll(async () => {
        opened = await variant.open(options);
      });
      afterAll(() => opened?.close());
      body(() => {
        if (!opened) throw new Error('the test store is not open');
        return opened;
      }, variant);
    });
  }
}

async function openPglite(options: { migrate?: boolean } = {}): Promise<TestStore> {
  const db = await createPgliteDatabase({ kind: 'pglite' });
  if (options.migrate !== false) await migrate(db);
  return { db, config: { kind: 'pglite' }, close: () => db.close() };
}

async function openPostgres(url: string, options: { migrate?: boolean } = {}): Promise<TestStore> {
  const schema = `test_${randomBytes(8).toString('hex')}`;
  const admin = createPostgresDatabase({ kind: 'postgres', url });
  await admin.exec(`CREATE SCHEMA ${schema}`);
  const pools: Database[] = [];
  const connectAgain = () => {
    const db = createPostgresDatabase({ kind: 'postgres', url, schema });
    pools.push(db);
    return db;
  };
  const db = connectAgain();
  if (options.migrate !== false) await migrate(db);
  return {
    db,
    config: { kind: 'postgres', url, schema },
    connectAgain,
    async close() {
      await Promise.all(pools.map((pool) => pool.close()));
      await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    },
  };
}
