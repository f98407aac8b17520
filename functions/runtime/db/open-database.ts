import { loadDevelopmentModule } from '../config/development-module.ts';
import type { DatabaseConfig } from './config.ts';
import type { Database } from './database.ts';
import { migrate } from './migrate.ts';
import { tracedDatabase } from './traced-database.ts';

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
 * audit verifier). Each driver is loaded only when configured; PGlite is not
 * in function bundles or the image at all (a cluster's audit log is PostgreSQL),
 * so there a missing DATABASE_URL stops the start instead of opening a log in /tmp.
 * Either is traced the same way (traced-database.ts).
 */
export async function connectDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.kind === 'postgres') {
    const { createPostgresDatabase } = await import('./postgres.ts');
    return tracedDatabase(createPostgresDatabase(config));
  }
  const { createPgliteDatabase } = await loadDevelopmentModule(
    () => import('./pglite.ts'),
    "PGlite is for local runs only: set DATABASE_URL to the audit log's PostgreSQL",
  );
  return tracedDatabase(await createPgliteDatabase(config));
}
