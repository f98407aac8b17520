/**
 * `node dist/audit-checkpoint.js`: signs the audit chain's head into the
 * checkpoint store, run by the `audit-checkpoint` CronJob (every 5 minutes by
 * default), then, with `AUDIT_RETENTION_DAYS`, purges the records older than
 * that (POL-009.2; the cutoff moves once a day, so one run a day removes
 * anything). Reads `DATABASE_URL` (or `PGLITE_DIR`), `AUDIT_CHECKPOINT_KEY` and
 * `AUDIT_CHECKPOINT_DIR`. Exit 0 when a checkpoint was written or nothing
 * changed, 1 when the chain does not continue the latest checkpoint, a purge
 * was refused or a variable is wrong.
 */
import { loadCheckpointKey } from '../../runtime/audit/checkpoint.ts';
import { createFileCheckpointStore } from '../../runtime/audit/checkpoint-store.ts';
import { purgeAudit } from '../../runtime/audit/purge.ts';
import { ConfigError } from '../../runtime/config/parse-env.ts';
import { loadDatabaseConfig } from '../../runtime/db/config.ts';
import { isDatabaseError } from '../../runtime/db/errors.ts';
import { openDatabase } from '../../runtime/db/open-database.ts';
import { createLogger } from '../../runtime/log/logger.ts';
import { writeCheckpoint } from './checkpoint-job.ts';
import { retentionDays } from './retention-days.ts';

const logger = createLogger().child({ function: 'audit-checkpoint' });
let db: Awaited<ReturnType<typeof openDatabase>> | undefined;
try {
  const key = loadCheckpointKey(process.env);
  const dir = process.env.AUDIT_CHECKPOINT_DIR;
  if (!dir) throw new ConfigError('AUDIT_CHECKPOINT_DIR', 'is required');
  const config = loadDatabaseConfig(process.env);
  // PGlite in memory would be a new, empty log: there is nothing to sign there.
  if (config.kind === 'pglite' && config.dataDir === undefined)
    throw new ConfigError('DATABASE_URL', 'or PGLITE_DIR is required');
  // Opened like every process opens the platform database (migrated), so a run before the first function's is no error.
  db = await openDatabase(config);
  const days = retentionDays(process.env);
  const store = createFileCheckpointStore(dir);
  const outcome = await writeCheckpoint({ db, store, key, logger });
  const purge =
    outcome !== 'refused' && days !== undefined
      ? await purgeAudit({ db, store, key, logger, retentionDays: days })
      : undefined;
  process.exitCode = outcome === 'refused' || purge?.outcome === 'refused' ? 1 : 0;
} catch (error) {
  logger.fatal(
    error instanceof ConfigError || isDatabaseError(error) ? error.message : 'audit checkpoint failed',
  );
  process.exitCode = 1;
} finally {
  await db?.close();
}
