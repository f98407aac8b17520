import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database.ts';
import { appendBatch, type UnchainedRecord } from './append-batch.ts';
import { GroupCommit } from './group-commit.ts';
import type { AuditEntry, AuditRecord } from './record.ts';
import { RECORD_COLUMNS, type RecordRow, recordOf } from './record-row.ts';
import { validateChildPseudonym, validateEntry } from './validate-entry.ts';
import { readChainBase } from './verify-chain.ts';

export interface AuditLogOptions {
  /** Most records in one INSERT; more concurrent appends wait for the next batch. @default 500 */
  readonly maxBatchSize?: number;
  /** When a record is written. @default the system clock */
  readonly clock?: () => Date;
}

export interface AuditPageRequest {
  /** @default 50, at most 500 */
  readonly limit?: number;
  /** Only records older than this seq: the `nextBeforeSeq` of the previous page. */
  readonly beforeSeq?: number;
  /** Narrows the records before they are paged, so every page is full. @default {} */
  readonly filter?: AuditFilter;
}

/** Which of a child's records a page holds; every field left out narrows nothing. */
export interface AuditFilter {
  /** Records at or after this instant. */
  readonly from?: Date;
  /** Records before this instant. */
  readonly to?: Date;
  readonly functionName?: string;
  readonly organisationId?: string;
  /** Only records of a værdispring (an overridden block). */
  readonly overrideOnly?: boolean;
  /** Leaves out the records of these actors (`actor.id`). */
  readonly excludeActors?: readonly string[];
  /** Leaves out the record of this request (the one being answered). */
  readonly excludeRequestId?: string;
}

export interface AuditPage {
  /** Newest first. */
  readonly records: AuditRecord[];
  /**
   * The log holds every record from this instant on: older ones were purged by
   * retention (POL-009.2). Absent while nothing has been purged.
   */
  readonly coversFrom?: Date;
  /** Present when older records exist: pass it as `beforeSeq` for the next page. */
  readonly nextBeforeSeq?: number;
}

/**
 * The audit log of employee behaviour. There is no way to change or remove a
 * record here, and the database refuses it too (triggers of the audit-log migration).
 */
export interface AuditLog {
  /**
   * Resolves once the record is committed. Rejects with `AuditEntryError` for
   * an entry it refuses, or with the database's error if the batch failed:
   * then nothing was recorded and the caller must not return the data (503).
   */
  append(entry: AuditEntry): Promise<void>;
  /** The records about one child, newest first, for the guardian's MinLog view and the auditor's. */
  query(childPseudonym: string, page?: AuditPageRequest): Promise<AuditPage>;
}

const SELECT_BY_CHILD = `SELECT ${RECORD_COLUMNS.join(', ')} FROM audit_record
  WHERE child_pseudonym = $1 AND ($2::bigint IS NULL OR seq < $2)
    AND ($4::timestamptz IS NULL OR occurred_at >= $4)
    AND ($5::timestamptz IS NULL OR occurred_at < $5)
    AND ($6::text IS NULL OR function_name = $6)
    AND ($7::text IS NULL OR organisation_id = $7)
    AND (NOT $8::boolean OR override_used)
    AND NOT (actor_id = ANY($9::text[]))
    AND ($10::text IS NULL OR request_id <> $10)
  ORDER BY seq DESC LIMIT $3`;

export function createAuditLog(db: Database, options: AuditLogOptions = {}): AuditLog {
  const clock = options.clock ?? (() => new Date());
  const batches = new GroupCommit<UnchainedRecord>(
    (batch) => appendBatch(db, batch),
    options.maxBatchSize ?? 500,
  );

  return {
    async append(entry) {
      validateEntry(entry);
      // A copy: what is hashed and stored is the entry as it was when append was called.
      return batches.submit({
        id: randomUUID(),
        time: clock(),
        actor: { ...entry.actor },
        childPseudonym: entry.childPseudonym,
        functionName: entry.functionName,
        action: entry.action,
        purpose: entry.purpose,
        decision: { ...entry.decision },
        override: entry.override,
        ...(entry.overrideReason === undefined ? {} : { overrideReason: entry.overrideReason }),
        ...(entry.overrideJustification === undefined
          ? {}
          : { overrideJustification: entry.overrideJustification }),
        requestId: entry.requestId,
        traceId: entry.traceId,
        callingSystem: entry.callingSystem,
        ...(entry.answered === undefined ? {} : { answered: entry.answered }),
      });
    },

    async query(childPseudonym, page = {}) {
      validateChildPseudonym(childPseudonym);
      const limit = page.limit ?? 50;
      if (!Number.isInteger(limit) || limit < 1 || limit > 500)
        throw new RangeError('limit must be an integer from 1 to 500');
      if (page.beforeSeq !== undefined && !(Number.isSafeInteger(page.beforeSeq) && page.beforeSeq > 0))
        throw new RangeError('beforeSeq must be a positive integer');
      const filter = page.filter ?? {};
      for (const [name, at] of [
        ['from', filter.from],
        ['to', filter.to],
      ] as const) {
        if (at !== undefined && !(at instanceof Date && Number.isFinite(at.getTime())))
          throw new RangeError(`filter.${name} must be a valid Date`);
      }
      // One row more than asked tells whether an older page exists.
      const { rows } = await db.query<RecordRow>(SELECT_BY_CHILD, [
        childPseudonym,
        page.beforeSeq ?? null,
        limit + 1,
        filter.from?.toISOString() ?? null,
        filter.to?.toISOString() ?? null,
        filter.functionName ?? null,
        filter.organisationId ?? null,
        filter.overrideOnly === true,
        [...(filter.excludeActors ?? [])],
        filter.excludeRequestId ?? null,
      ]);
      const records = rows.slice(0, limit).map(recordOf);
      const last = records.at(-1);
      const { purgedBefore } = await readChainBase(db);
      return {
        records,
        ...(rows.length > limit && last ? { nextBeforeSeq: last.seq } : {}),
        ...(purgedBefore ? { coversFrom: purgedBefore } : {}),
      };
    },
  };
}
