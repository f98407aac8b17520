import type { DatabaseConfig } from './config.ts';
import type { Database } from './database.ts';
import { migrate } from './migrate.ts';
import { createPgliteDatabase } from './pglite.ts';
import { createPostgresDatabase } from './postgres.ts';

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

/** Opens the database without touching its schema (read-only tools such as the audit verifier). */
export function connectDatabase(config: DatabaseConfig): Promise<Database> {
  return config.kind === 'postgres'
    ? Promise.resolve(createPostgresDatabase(config))
    : createPgliteDatabase(config);
}
