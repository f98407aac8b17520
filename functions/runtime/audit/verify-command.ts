import { existsSync } from 'node:fs';
import { ConfigError } from '../config/parse-env.ts';
import { loadDatabaseConfig } from '../db/config.ts';
import { isDatabaseError } from '../db/errors.ts';
import { connectDatabase } from '../db/open-database.ts';
import { loadCheckpointKey, readCheckpoint, type SignedCheckpoint } from './checkpoint.ts';
import { createFileCheckpointStore } from './checkpoint-store.ts';
import { readCut, type SignedPurgeCut } from './purge-cut.ts';
import { verifyChain } from './verify-chain.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** 0: the chain is intact; 1: it was tampered with; 2: it could not be verified. */
export type VerifyExitCode = 0 | 1 | 2;

/**
 * `npm run audit:verify`: verifies the audit chain of the store named by
 * `AUDIT_DATABASE_URL` (PostgreSQL) or `AUDIT_PGLITE_DIR` (a PGlite data
 * directory, which no running function may have open), and with
 * `AUDIT_CHECKPOINT_DIR` against the latest signed checkpoint there (key:
 * `AUDIT_CHECKPOINT_PUBLIC_KEY`, or `AUDIT_CHECKPOINT_KEY`): records deleted
 * from the end, or rewritten up to the checkpoint, are found only that way.
 * Reads only: it never migrates or writes.
 */
export async function runVerifyCommand(env: Env, print: (line: string) => void): Promise<VerifyExitCode> {
  let db: Awaited<ReturnType<typeof connectDatabase>> | undefined;
  try {
    const config = loadDatabaseConfig(env, 'AUDIT_');
    if (config.kind === 'pglite' && config.dataDir === undefined)
      throw new ConfigError('AUDIT_DATABASE_URL', 'or AUDIT_PGLITE_DIR is required');
    // PGlite would create an empty store in a missing directory.
    if (config.kind === 'pglite' && !existsSync(config.dataDir!))
      throw new ConfigError('AUDIT_PGLITE_DIR', 'is not an existing directory');
    const latest = await latestCheckpoint(env);
    if (latest && !latest.ok) {
      print(`audit checkpoint FORGED: ${latest.name}: ${latest.reason}`);
      return 1;
    }
    const checkpoint = latest?.checkpoint;
    const cut = await latestCut(env);
    if (cut && !cut.ok) {
      print(`audit purge cut FORGED: ${cut.name}: ${cut.reason}`);
      return 1;
    }
    db = await connectDatabase(config);
    const result = await verifyChain(db, {
      ...(checkpoint ? { checkpoint: { seq: checkpoint.seq, hash: checkpoint.headHash } } : {}),
      // With a checkpoint store the purge point must be a signed cut (POL-009.3).
      ...(env.AUDIT_CHECKPOINT_DIR === undefined
        ? {}
        : { cut: cut ? { seq: cut.cut.seq, hash: cut.cut.hash } : null }),
    });
    if (!result.ok) {
      const signed = checkpoint
        ? `; checkpoint of ${checkpoint.time.toISOString()} signed ${checkpoint.seq}`
        : '';
      print(
        `audit chain BROKEN at record ${result.brokenAt}: ${result.problem} (${result.records} records before it verified${signed})`,
      );
      return 1;
    }
    print(`audit chain OK: ${result.records} records, head ${result.headHash}`);
    print(
      checkpoint
        ? `checkpoint of ${checkpoint.time.toISOString()} matches record ${checkpoint.seq}; ${result.records - checkpoint.seq} records after it are not yet checkpointed`
        : env.AUDIT_CHECKPOINT_DIR === undefined
          ? 'no checkpoint store (AUDIT_CHECKPOINT_DIR): deleted newest records cannot be detected'
          : 'no checkpoint yet: deleted newest records cannot be detected',
    );
    const { base } = result;
    if (base.seq > 0)
      print(
        `records 1–${base.seq} purged by retention (older than ${base.purgedBefore?.toISOString()}); ` +
          (cut
            ? `the chain is verified from the signed cut at record ${cut.cut.seq}`
            : 'the purge point is not verified without the checkpoint store'),
      );
    return 0;
  } catch (error) {
    if (!(error instanceof ConfigError || isDatabaseError(error))) throw error;
    print(`audit chain not verified: ${error.message}`);
    return 2;
  } finally {
    await db?.close();
  }
}

type Latest =
  | { readonly ok: true; readonly checkpoint: SignedCheckpoint }
  | { readonly ok: false; readonly name: string; readonly reason: string };

/** The latest purge cut, checked; undefined when no store is named or it holds none. */
async function latestCut(
  env: Env,
): Promise<
  | { readonly ok: true; readonly cut: SignedPurgeCut }
  | { readonly ok: false; readonly name: string; readonly reason: string }
  | undefined
> {
  const dir = env.AUDIT_CHECKPOINT_DIR;
  if (dir === undefined) return undefined;
  const stored = await createFileCheckpointStore(dir)
    .latestCut()
    .catch(() => {
      throw new ConfigError('AUDIT_CHECKPOINT_DIR', 'cannot be read');
    });
  if (!stored) return undefined;
  const read = readCut(stored.text, loadCheckpointKey(env));
  return read.ok ? read : { ok: false, name: stored.name, reason: read.reason };
}

/** The latest checkpoint, checked; undefined when no store is named or it holds none. */
async function latestCheckpoint(env: Env): Promise<Latest | undefined> {
  const dir = env.AUDIT_CHECKPOINT_DIR;
  if (dir === undefined) return undefined;
  const key = loadCheckpointKey(env);
  let stored: Awaited<ReturnType<ReturnType<typeof createFileCheckpointStore>['latest']>>;
  try {
    stored = await createFileCheckpointStore(dir).latest();
  } catch {
    throw new ConfigError('AUDIT_CHECKPOINT_DIR', 'cannot be read');
  }
  if (!stored) return undefined;
  const read = readCheckpoint(stored.text, key);
  return read.ok ? read : { ok: false, name: stored.name, reason: read.reason };
}
