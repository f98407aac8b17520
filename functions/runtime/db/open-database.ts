import type { DatabaseConfig } from './config.ts';
import type { Database } from './database.ts';
import { migrate } from './migrate.ts';

/**
 * Opens the process's one database and brings its schema up to date. Call it
 * once at start; a failure here should stop the process.
 */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  const db = await connectDatabase(config);
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

/**
 * Opens the database without touching its schema (read-only tools such as the
 * audit verifier). Each driver is loaded only when configured: PGlite's code
 * is ~0.4 MB of a bundle that a process on PostgreSQL would parse for nothing
 * at every cold start, and `pg` is not needed by a process on PGlite.
 */
export async function connectDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.kind === 'postgres') {
    const { createPostgresDatabase } = await import('./postgres.ts');
    return createPostgresDatabase(config);
  }
  const { createPgliteDatabase } = await import('./pglite.ts');
  return createPgliteDatabase(config);
}
