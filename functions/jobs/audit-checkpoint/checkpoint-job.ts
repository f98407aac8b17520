import { type CheckpointKey, readCheckpoint, signCheckpoint } from '../../runtime/audit/checkpoint.ts';
import type { CheckpointStore } from '../../runtime/audit/checkpoint-store.ts';
import { verifyChain } from '../../runtime/audit/verify-chain.ts';
import { ConfigError } from '../../runtime/config/parse-env.ts';
import type { Queryable } from '../../runtime/db/database.ts';
import type { Logger } from '../../runtime/log/logger.ts';

export interface CheckpointDeps {
  readonly db: Queryable;
  readonly store: CheckpointStore;
  readonly key: CheckpointKey;
  readonly logger: Logger;
  readonly clock?: () => Date;
}

/** What one run did: `written` a new checkpoint, `unchanged` (no record since the last), or `refused`. */
export type CheckpointOutcome = 'written' | 'unchanged' | 'refused';

/**
 * One run of the checkpoint job: the chain from the latest checkpoint to the
 * head must continue what that checkpoint signed (every record after it
 * rehashed, the first linked to its hash, none missing); then the head is
 * signed and appended to the store. A chain that does not continue it is
 * never signed: the run is refused and logged as an error, so the CronJob
 * fails and the operators are alerted. The records before the latest
 * checkpoint are not walked again here; `npm run audit:verify` walks them all.
 */
export async function writeCheckpoint(deps: CheckpointDeps): Promise<CheckpointOutcome> {
  const { db, store, key, logger } = deps;
  if (!key.privateKey) throw new ConfigError('AUDIT_CHECKPOINT_KEY', 'is required to sign checkpoints');
  const stored = await store.latest();
  let from: { seq: number; hash: string } | undefined;
  if (stored) {
    const read = readCheckpoint(stored.text, key);
    if (!read.ok) {
      logger.error(`latest checkpoint ${stored.name} not trusted: ${read.reason}`, {
        code: 'checkpoint_untrusted',
      });
      return 'refused';
    }
    from = { seq: read.checkpoint.seq, hash: read.checkpoint.headHash };
  }
  const result = await verifyChain(db, from ? { from } : {});
  if (!result.ok) {
    logger.error(
      `audit chain does not continue the checkpoint of ${from?.seq ?? 0} records: ${result.problem} at record ${result.brokenAt}`,
      { code: result.problem },
    );
    return 'refused';
  }
  if (from && result.records === from.seq) {
    logger.info(`no record since the checkpoint of ${from.seq} records`);
    return 'unchanged';
  }
  const checkpoint = signCheckpoint(
    { seq: result.records, headHash: result.headHash, time: (deps.clock ?? (() => new Date()))() },
    key,
  );
  await store.append(checkpoint);
  logger.info(
    `checkpoint written: ${checkpoint.seq} records (${checkpoint.seq - (from?.seq ?? 0)} new), key ${checkpoint.keyId}`,
  );
  return 'written';
}
