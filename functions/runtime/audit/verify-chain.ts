import type { Queryable } from '../db/database.ts';
import { chainHash, GENESIS_HASH } from './chain-hash.ts';
import { RECORD_COLUMNS, type RecordRow, recordOf } from './record-row.ts';

/**
 * - `hash_mismatch`: the record's content or hash was changed.
 * - `prev_hash_mismatch`: the record does not follow the one before it (reordered, or a predecessor rewritten).
 * - `missing_record`: a seq is absent: a record was deleted.
 * - `head_mismatch`: the chain does not end where the head row says.
 * - `truncated`: the chain ends before a signed checkpoint's record: the newest records were deleted
 *   (and the head rewound to hide it).
 * - `checkpoint_mismatch`: the record a signed checkpoint anchors is not the one it signed: the chain
 *   was rewritten up to it, hashes recomputed.
 * - `unsigned_purge`: records were removed below a purge point no signed cut names (POL-009.3).
 * - `purge_mismatch`: the purge point, or the record a signed cut names, is not the one the cut signed.
 */
export type ChainProblem =
  | 'hash_mismatch'
  | 'prev_hash_mismatch'
  | 'missing_record'
  | 'head_mismatch'
  | 'truncated'
  | 'checkpoint_mismatch'
  | 'unsigned_purge'
  | 'purge_mismatch';

/** A record of the chain by its seq and hash (what a checkpoint signs). */
export interface ChainPoint {
  readonly seq: number;
  readonly hash: string;
}

/** Where the kept chain starts: the last record purged by retention (seq 0 and 64 zeros before any purge). */
export interface ChainBase extends ChainPoint {
  /** Records older than this were purged; null before the first purge. */
  readonly purgedBefore: Date | null;
}

export interface VerifyOptions {
  readonly pageSize?: number;
  /**
   * Start after this point instead of at the purge point, trusting what lies
   * before it (the checkpoint job extends the previous checkpoint this way).
   * The chain must continue from it: the next record links to its hash.
   */
  readonly from?: ChainPoint;
  /** A signed checkpoint: the chain must reach its seq, and its record there must have its hash. */
  readonly checkpoint?: ChainPoint;
  /**
   * The latest signed purge cut, when the checkpoint store was read: `null` if it holds none. The
   * purge point must be the cut (or lie before it, the cut's record then carrying its hash); a purge
   * point beyond it, or any purge point without one, is `unsigned_purge`. Left out: not checked.
   */
  readonly cut?: ChainPoint | null;
}

export type ChainVerification =
  | {
      readonly ok: true;
      /** The head's seq: records ever appended, purged ones included. */
      readonly records: number;
      readonly headHash: string;
      /** Where the walk started: the purge point (or `from`). */
      readonly base: ChainBase;
    }
  | {
      readonly ok: false;
      /** The first seq that fails. */
      readonly brokenAt: number;
      readonly problem: ChainProblem;
      /** Records before `brokenAt` that verified. */
      readonly records: number;
    };

/** The purge point (audit_chain_base). */
export async function readChainBase(db: Queryable): Promise<ChainBase> {
  const { rows } = await db.query<{ seq: unknown; hash: string; purged_before: unknown }>(
    'SELECT seq, hash, purged_before FROM audit_chain_base WHERE singleton',
  );
  const row = rows[0];
  if (!row) return { seq: 0, hash: GENESIS_HASH, purgedBefore: null };
  const before = row.purged_before;
  return {
    seq: Number(row.seq),
    hash: row.hash,
    purgedBefore: before == null ? null : before instanceof Date ? before : new Date(String(before)),
  };
}

const PAGE = `SELECT ${RECORD_COLUMNS.join(', ')} FROM audit_record
  WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3`;

/**
 * Walks the chain from the purge point (or `from`) to the head, recomputing
 * every hash, and compares it with a signed checkpoint and purge cut when given
 * them. The head is read first, so records appended meanwhile are left for the
 * next run instead of being mistaken for damage.
 */
export async function verifyChain(db: Queryable, options: VerifyOptions = {}): Promise<ChainVerification> {
  const pageSize = options.pageSize ?? 1000;
  const { checkpoint, cut } = options;
  const base: ChainBase = options.from ? { ...options.from, purgedBefore: null } : await readChainBase(db);
  const from = base.seq > 0 ? base : undefined;
  if (cut !== undefined && !options.from) {
    if (base.seq > (cut?.seq ?? 0))
      return { ok: false, brokenAt: base.seq, problem: 'unsigned_purge', records: 0 };
    if (cut && base.seq === cut.seq && base.hash !== cut.hash)
      return { ok: false, brokenAt: base.seq, problem: 'purge_mismatch', records: 0 };
  }
  // A checkpoint at the purge point anchors the base itself; one before it is covered by the cut.
  if (checkpoint && from && checkpoint.seq === from.seq && checkpoint.hash !== from.hash)
    return { ok: false, brokenAt: from.seq, problem: 'checkpoint_mismatch', records: 0 };
  const { rows } = await db.query<{ seq: unknown; hash: string }>(
    'SELECT seq, hash FROM audit_chain_head WHERE singleton',
  );
  const head = rows[0];
  if (!head) return { ok: false, brokenAt: 0, problem: 'head_mismatch', records: 0 };
  const headSeq = Number(head.seq);
  const truncated = (at: number) =>
    ({ ok: false, brokenAt: at + 1, problem: 'truncated', records: at }) as const;
  // The head behind the start: records the head no longer counts were there.
  if (from && headSeq < from.seq) return truncated(headSeq);

  let expectedSeq = (from?.seq ?? 0) + 1;
  let prevHash = from?.hash ?? GENESIS_HASH;
  for (;;) {
    const page = await db.query<RecordRow>(PAGE, [expectedSeq - 1, headSeq, pageSize]);
    for (const record of page.rows.map(recordOf)) {
      const broken = (problem: ChainProblem, at = record.seq) =>
        ({ ok: false, brokenAt: at, problem, records: expectedSeq - 1 }) as const;
      if (record.seq !== expectedSeq) return broken('missing_record', expectedSeq);
      if (record.prevHash !== prevHash) return broken('prev_hash_mismatch');
      if (chainHash(record) !== record.hash) return broken('hash_mismatch');
      if (record.seq === checkpoint?.seq && record.hash !== checkpoint.hash)
        return broken('checkpoint_mismatch');
      if (record.seq === cut?.seq && record.hash !== cut.hash) return broken('purge_mismatch');
      prevHash = record.hash;
      expectedSeq += 1;
    }
    if (page.rows.length < pageSize) break;
  }

  const records = expectedSeq - 1;
  if (records < headSeq) return { ok: false, brokenAt: expectedSeq, problem: 'missing_record', records };
  if (prevHash !== head.hash) return { ok: false, brokenAt: headSeq, problem: 'head_mismatch', records };
  if (checkpoint && records < checkpoint.seq) return truncated(records);
  // Only an empty chain can end at a checkpoint of 0 records; any other was checked on the walk.
  if (checkpoint?.seq === 0 && checkpoint.hash !== GENESIS_HASH)
    return { ok: false, brokenAt: 0, problem: 'checkpoint_mismatch', records };
  return { ok: true, records, headHash: prevHash, base };
}
