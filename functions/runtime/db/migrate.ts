import { createHash } from 'node:crypto';
import type { Database } from './database.ts';
import { MIGRATIONS } from './migrations/index.ts';
import type { Migration } from './migrations/migration.ts';

/** The code's migrations do not fit the database's record of them; the process must not start. */
export class MigrationError extends Error {
  readonly version: number;

  constructor(version: number, problem: string) {
    super(`migration ${version} ${problem}`);
    this.name = 'MigrationError';
    this.version = version;
  }
}

/**
 * Applies the pending migrations in one transaction and returns their versions.
 * Safe when several processes start at once: a transaction-scoped advisory lock,
 * keyed by the search_path so separate schemas do not wait for each other,
 * lets one apply while the others wait and then find nothing to do.
 */
export async function migrate(
  db: Database,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  checkOrder(migrations);
  // Every start of every function comes here: a schema already up to date is read, not locked.
  if (await upToDate(db, migrations)) return [];
  return db.transaction(async (tx) => {
    await tx.query(
      "SELECT pg_advisory_xact_lock(hashtext('hoi-platform schema_migrations'), hashtext(current_setting('search_path')))",
    );
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    integer     PRIMARY KEY,
      name       text        NOT NULL,
      checksum   text        NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await tx.query<{ version: number; checksum: string }>(
      'SELECT version, checksum FROM schema_migrations',
    );
    const applied = new Map(rows.map((row) => [Number(row.version), row.checksum]));
    const pending: number[] = [];
    for (const migration of migrations) {
      const checksum = checksumOf(migration);
      const recorded = applied.get(migration.version);
      if (recorded === checksum) continue;
      if (recorded !== undefined)
        throw new MigrationError(migration.version, 'was changed after it was applied');
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        checksum,
      ]);
      pending.push(migration.version);
    }
    return pending;
  });
}

/**
 * Whether every migration is recorded with its checksum, read without the lock
 * or a transaction (two queries, not five): the usual start. An edited one is
 * refused here as under the lock; anything else not yet recorded leaves it to
 * the locked path, which sees what another process may be applying meanwhile.
 */
async function upToDate(db: Database, migrations: readonly Migration[]): Promise<boolean> {
  const { rows: table } = await db.query<{ present: boolean }>(
    "SELECT to_regclass('schema_migrations') IS NOT NULL AS present",
  );
  if (!table[0]?.present) return false;
  const { rows } = await db.query<{ version: number; checksum: string }>(
    'SELECT version, checksum FROM schema_migrations',
  );
  const applied = new Map(rows.map((row) => [Number(row.version), row.checksum]));
  let all = true;
  for (const migration of migrations) {
    const recorded = applied.get(migration.version);
    if (recorded === undefined) all = false;
    else if (recorded !== checksumOf(migration))
      throw new MigrationError(migration.version, 'was changed after it was applied');
  }
  return all;
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    const previous = migrations[index - 1];
    if (!Number.isInteger(migration.version) || migration.version <= (previous?.version ?? 0))
      throw new MigrationError(migration.version, 'is out of order: versions must be increasing integers');
  });
}

function checksumOf(migration: Migration): string {
  return createHash('sha256').update(migration.sql).digest('hex');
}
