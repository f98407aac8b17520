import type { Database } from '../db/database.ts';
import type { Logger } from '../log/logger.ts';
import { type CheckpointKey, readCheckpoint } from './checkpoint.ts';
import type { CheckpointStore } from './checkpoint-store.ts';
import { readCut, signCut } from './purge-cut.ts';
import { verifyChain } from './verify-chain.ts';

export interface PurgeDeps {
  readonly db: Database;
  readonly store: CheckpointStore;
  readonly key: CheckpointKey;
  readonly logger: Logger;
  /** How long a record is kept (policies/retention.yaml `audit-log`, AUDIT_RETENTION_DAYS). */
  readonly retentionDays: number;
  readonly clock?: () => Date;
}

export type PurgeOutcome =
  | {
      readonly outcome: 'purged';
      readonly seq: number;
      readonly removed: number;
      readonly purgedBefore: Date;
    }
  | { readonly outcome: 'nothing'; readonly purgedBefore: Date }
  | { readonly outcome: 'refused'; readonly problem: string };

const DAY_MS = 86_400_000;

/**
 * The instant before which records are purged: the start (UTC) of the day
 * `days` before `now`. Whole days, so the purge point moves once a day however
 * often the job runs, and one signed cut stands for one day.
 */
export function purgeCutoff(now: Date, days: number): Date {
  const day = Math.floor(now.getTime() / DAY_MS) - days;
  return new Date(day * DAY_MS);
}

/**
 * Removes the audit records older than the retention period (POL-009.2)
 * without losing the chain's proof (POL-009.3): the whole kept chain is
 * verified against the latest checkpoint and cut first — a chain that does not
 * verify is evidence and is never purged (POL-009.4) —, then the cut (the last
 * record to go, by seq and hash) is signed into the checkpoint store, and only
 * then, in one transaction, the purge point moves to it and the records up to
 * it are deleted. The cut never passes the latest checkpoint, and never a
 * record younger than the cutoff: records are cut in seq order, so one written
 * with a late clock keeps the older ones after it too.
 */
export async function purgeAudit(deps: PurgeDeps): Promise<PurgeOutcome> {
  const { db, store, key, logger } = deps;
  const clock = deps.clock ?? (() => new Date());
  const purgedBefore = purgeCutoff(clock(), deps.retentionDays);
  const refuse = (problem: string, message: string): PurgeOutcome => {
    logger.error(`audit purge refused: ${message}`, { code: problem });
    return { outcome: 'refused', problem };
  };
  const storedCheckpoint = await store.latest();
  if (!storedCheckpoint) {
    logger.info('no checkpoint yet: nothing is purged before the chain is signed');
    return { outcome: 'nothing', purgedBefore };
  }
  const checkpoint = readCheckpoint(storedCheckpoint.text, key);
  if (!checkpoint.ok) return refuse('checkpoint_untrusted', `${storedCheckpoint.name}: ${checkpoint.reason}`);
  const storedCut = await store.latestCut();
  const cut = storedCut ? readCut(storedCut.text, key) : undefined;
  if (storedCut && cut && !cut.ok) return refuse('cut_untrusted', `${storedCut.name}: ${cut.reason}`);
  const verified = await verifyChain(db, {
    checkpoint: { seq: checkpoint.checkpoint.seq, hash: checkpoint.checkpoint.headHash },
    cut: cut?.ok ? { seq: cut.cut.seq, hash: cut.cut.hash } : null,
  });
  if (!verified.ok)
    return refuse(
      verified.problem,
      `the chain does not verify: ${verified.problem} at record ${verified.brokenAt}`,
    );

  const base = verified.base;
  if (base.purgedBefore && purgedBefore.getTime() <= base.purgedBefore.getTime())
    return { outcome: 'nothing', purgedBefore };
  const { rows } = await db.query<{ first: unknown }>(
    'SELECT min(seq) AS first FROM audit_record WHERE seq > $1 AND occurred_at >= $2',
    [base.seq, purgedBefore.toISOString()],
  );
  const firstKept = rows[0]?.first == null ? Number.POSITIVE_INFINITY : Number(rows[0].first);
  const seq = Math.min(firstKept - 1, checkpoint.checkpoint.seq);
  if (seq <= base.seq) return { outcome: 'nothing', purgedBefore };
  const last = await db.query<{ hash: string }>('SELECT hash FROM audit_record WHERE seq = $1', [seq]);
  const hash = last.rows[0]?.hash;
  if (hash === undefined) return refuse('missing_record', `record ${seq} vanished during the purge`);

  // A cut signed by a run whose deletion then failed is the same cut: it is not signed twice.
  if (!(cut?.ok && cut.cut.seq === seq))
    await store.appendCut(signCut({ seq, hash, purgedBefore, time: clock() }, key));
  const removed = await db.transaction(async (tx) => {
    await tx.query('UPDATE audit_chain_base SET seq = $1, hash = $2, purged_before = $3 WHERE singleton', [
      seq,
      hash,
      purgedBefore.toISOString(),
    ]);
    return (await tx.query('DELETE FROM audit_record WHERE seq <= $1', [seq])).rowCount;
  });
  logger.info(
    `audit purge: ${removed} records up to ${seq} removed (older than ${purgedBefore.toISOString()}), cut signed`,
  );
  return { outcome: 'purged', seq, removed, purgedBefore };
}
