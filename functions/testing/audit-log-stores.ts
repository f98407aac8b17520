/**
 * Test-only: audit stores the verify command can open itself, by its variables
 * (AUDIT_PGLITE_DIR or AUDIT_DATABASE_URL), on PGlite always and on PostgreSQL
 * when it is configured (test-stores.ts).
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../runtime/db/database.ts';
import { connectDatabase, openDatabase } from '../runtime/db/open-database.ts';
import { storeVariants } from './test-stores.ts';

export interface LogStore {
  readonly env: Record<string, string>;
  use<T>(work: (db: Database) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface LogStoreVariant {
  readonly name: string;
  readonly skipReason?: string;
  open(): Promise<LogStore>;
}

/**
 * The variants, and the set-up and tear-down of the PGlite template they copy:
 * one migrated directory, copied for each test (a copy is much faster than initdb).
 */
export function logStoreVariants(): {
  variants: LogStoreVariant[];
  prepare(): Promise<void>;
  cleanUp(): Promise<void>;
} {
  let template: string | undefined;
  const pglite: LogStoreVariant = {
    name: 'PGlite',
    async open() {
      if (!template) throw new Error('call prepare() in beforeAll first');
      const dir = await mkdtemp(join(tmpdir(), 'hoi-audit-store-'));
      await cp(template, dir, { recursive: true });
      return {
        env: { AUDIT_PGLITE_DIR: dir },
        async use(work) {
          const db = await connectDatabase({ kind: 'pglite', dataDir: dir });
          try {
            return await work(db);
          } finally {
            await db.close();
          }
        },
        close: () => rm(dir, { recursive: true, force: true }),
      };
    },
  };
  const postgres = storeVariants()
    .filter((variant) => variant.name === 'PostgreSQL')
    .map(
      (variant): LogStoreVariant => ({
        name: variant.name,
        ...(variant.skipReason ? { skipReason: variant.skipReason } : {}),
        async open() {
          const store = await variant.open();
          if (store.config.kind !== 'postgres') throw new Error('expected a PostgreSQL store');
          return {
            env: { AUDIT_DATABASE_URL: store.config.url, AUDIT_DATABASE_SCHEMA: store.config.schema! },
            use: (work) => work(store.db),
            close: () => store.close(),
          };
        },
      }),
    );
  return {
    variants: [pglite, ...postgres],
    async prepare() {
      template = await mkdtemp(join(tmpdir(), 'hoi-audit-template-'));
      await (await openDatabase({ kind: 'pglite', dataDir: template })).close();
    },
    cleanUp: async () => {
      if (template) await rm(template, { recursive: true, force: true });
    },
  };
}
