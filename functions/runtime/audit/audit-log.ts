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
  /**
   * Keeps only the records whose cases are all among these (a record of no case
   * is kept). Records from before cases were recorded are kept only with
   * `keepUnknownCases`.
   */
  readonly onlyCases?: { readonly ids: readonly string[]; readonly keepUnknownCases: boolean };
}

/** One organisation's staff's records across children, for its auditor (POL-007.13). */
export interface InspectionPageRequest {
  /**
   * Whose staff: the trust domain that vouched for them (`municipal/851`, `health`)
   * and, for the health domain, the organisation they were recorded at (a SOR code).
   */
  readonly scope: { readonly trustDomain: string; readonly organisationId?: string };
  /** @default 50, at most 500 */
  readonly limit?: number;
  readonly beforeSeq?: number;
  readonly filter?: InspectionFilter;
}

/** Every field left out narrows nothing. */
export interface InspectionFilter {
  readonly from?: Date;
  readonly to?: Date;
  /** The employee (`actor.id`). */
  readonly actorId?: string;
  /** The unit (`actor.organisationId`). */
  readonly organisationId?: string;
  /** One child, by its keyed pseudonym. */
  readonly childPseudonym?: string;
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
  /** One organisation's staff's records across children, newest first (POL-007.13). */
  inspect(page: InspectionPageRequest): Promise<AuditPage>;
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
    AND ($11::text[] IS NULL OR (case_ids IS NULL AND $12::boolean) OR case_ids <@ $11::text[])
  ORDER BY seq DESC LIMIT $3`;

const SELECT_BY_SCOPE = `SELECT ${RECORD_COLUMNS.join(', ')} FROM audit_record
  WHERE trust_domain = $1 AND ($2::text IS NULL OR organisation_id = $2)
    AND ($3::bigint IS NULL OR seq < $3)
    AND ($5::timestamptz IS NULL OR occurred_at >= $5)
    AND ($6::timestamptz IS NULL OR occurred_at < $6)
    AND ($7::text IS NULL OR actor_id = $7)
    AND ($8::text IS NULL OR organisation_id = $8)
    AND ($9::text IS NULL OR child_pseudonym = $9)
  ORDER BY seq DESC LIMIT $4`;

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
        ...(entry.caseIds === undefined ? {} : { caseIds: [...entry.caseIds] }),
      });
    },

    async query(childPseudonym, page = {}) {
      validateChildPseudonym(childPseudonym);
      const limit = checkedPage(page);
      const filter = page.filter ?? {};
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
        filter.onlyCases ? [...filter.onlyCases.ids] : null,
        filter.onlyCases?.keepUnknownCases ?? false,
      ]);
      const { purgedBefore } = await readChainBase(db);
      return { ...pageOf(rows, limit), ...(purgedBefore ? { coversFrom: purgedBefore } : {}) };
    },

    async inspect(page) {
      const limit = checkedPage(page);
      const filter = page.filter ?? {};
      if (filter.childPseudonym !== undefined) validateChildPseudonym(filter.childPseudonym);
      if (!page.scope.trustDomain) throw new RangeError('scope.trustDomain must be given');
      const { rows } = await db.query<RecordRow>(SELECT_BY_SCOPE, [
        page.scope.trustDomain,
        page.scope.organisationId ?? null,
        page.beforeSeq ?? null,
        limit + 1,
        filter.from?.toISOString() ?? null,
        filter.to?.toISOString() ?? null,
        filter.actorId ?? null,
        filter.organisationId ?? null,
        filter.childPseudonym ?? null,
      ]);
      return pageOf(rows, limit);
    },
  };
}

/** The limit of a page request whose limit, cursor and period are sound; a RangeError otherwise. */
function checkedPage(page: {
  readonly limit?: number;
  readonly beforeSeq?: number;
  readonly filter?: { readonly from?: Date; readonly to?: Date };
}): number {
  const limit = page.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500)
    throw new RangeError('limit must be an integer from 1 to 500');
  if (page.beforeSeq !== undefined && !(Number.isSafeInteger(page.beforeSeq) && page.beforeSeq > 0))
    throw new RangeError('beforeSeq must be a positive integer');
  for (const [name, at] of [
    ['from', page.filter?.from],
    ['to', page.filter?.to],
  ] as const) {
    if (at !== undefined && !(at instanceof Date && Number.isFinite(at.getTime())))
      throw new RangeError(`filter.${name} must be a valid Date`);
  }
  return limit;
}

/** One row more than asked tells whether an older page exists. */
function pageOf(rows: readonly RecordRow[], limit: number): AuditPage {
  const records = rows.slice(0, limit).map(recordOf);
  const last = records.at(-1);
  return rows.length > limit && last ? { records, nextBeforeSeq: last.seq } : { records };
}
