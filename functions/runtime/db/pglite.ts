import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Database, Queryable, QueryResult, Row } from './database.ts';
import { DatabaseUnavailableError, toDatabaseError } from './errors.ts';
import { WorkFailure } from './work-failure.ts';

export interface PgliteConfig {
  readonly kind: 'pglite';
  /**
   * A directory holding the data, or none for an in-memory database that is
   * gone when the process ends. One process at a time may open a directory.
   * @default in memory
   */
  readonly dataDir?: string;
}

/**
 * Embedded PostgreSQL (WASM). Starting it takes seconds (STACK-NOTES), so a
 * process opens it once, at start, never on a request path.
 */
export async function createPgliteDatabase(config: PgliteConfig): Promise<Database> {
  let pg: PGlite;
  try {
    pg = await PGlite.create(config.dataDir ?? 'memory://');
  } catch (error) {
    throw new DatabaseUnavailableError('embedded database failed to start', { cause: error });
  }
  const onPglite = wrap(pg);
  return {
    kind: 'pglite',
    ...onPglite,
    async transaction(work) {
      const failure = new WorkFailure();
      try {
        return await pg.transaction((tx) => failure.track(work(wrap(tx))));
      } catch (error) {
        throw failure.isFrom(error) ? error : toDatabaseError(error);
      }
    },
    async close() {
      if (!pg.closed) await pg.close();
    },
  };
}

function wrap(target: PGlite | Transaction): Queryable {
  return {
    async query<R extends Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
      try {
        const result = await target.query<R>(sql, [...params]);
        return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
      } catch (error) {
        throw toDatabaseError(error);
      }
    },
    async exec(sql: string): Promise<void> {
      try {
        await target.exec(sql);
      } catch (error) {
        throw toDatabaseError(error);
      }
    },
  };
}
