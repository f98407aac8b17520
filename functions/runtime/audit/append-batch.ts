import type { Database } from '../db/database.ts';
import { chainHash } from './chain-hash.ts';
import type { AuditRecord } from './record.ts';
import { RECORD_COLUMNS, rowOf } from './record-row.ts';

/** An entry with its id and time, waiting for its place in the chain. */
export type UnchainedRecord = Omit<AuditRecord, 'seq' | 'prevHash' | 'hash'>;

const COLUMN_TYPES: Record<(typeof RECORD_COLUMNS)[number], string> = {
  seq: 'bigint',
  id: 'uuid',
  occurred_at: 'timestamptz',
  actor_id: 'text',
  actor_name: 'text',
  actor_role: 'text',
  organisation_id: 'text',
  organisation_name: 'text',
  child_pseudonym: 'text',
  function_name: 'text',
  action: 'text',
  purpose: 'text',
  decision: 'text',
  reason_code: 'text',
  override_used: 'boolean',
  request_id: 'text',
  trace_id: 'text',
  calling_system: 'text',
  trust_domain: 'text',
  issuer: 'text',
  answered: 'boolean',
  override_reason: 'text',
  override_justification: 'text',
  case_ids: 'text[]',
  prev_hash: 'text',
  hash: 'text',
};

const columns = RECORD_COLUMNS.join(', ');
/**
 * The whole batch is one JSON parameter: the statement text and its plan stay
 * the same for any batch size, and no parameter limit applies. Inserting the
 * records and moving the head is one statement.
 */
const APPEND = `WITH appended AS (
  INSERT INTO audit_record (${columns})
  SELECT ${columns} FROM json_to_recordset($1::json)
    AS r(${RECORD_COLUMNS.map((column) => `${column} ${COLUMN_TYPES[column]}`).join(', ')})
  RETURNING seq
)
UPDATE audit_chain_head SET seq = $2, hash = $3 WHERE singleton`;

/**
 * Appends a batch in one transaction. Locking the head row makes appenders in
 * other processes wait, so each batch continues the chain the previous one
 * committed. Nothing of the batch is stored unless all of it is.
 */
export async function appendBatch(db: Database, batch: readonly UnchainedRecord[]): Promise<void> {
  await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ seq: unknown; hash: string }>(
      'SELECT seq, hash FROM audit_chain_head WHERE singleton FOR UPDATE',
    );
    const head = rows[0];
    if (!head) throw new Error('audit_chain_head has no row: the audit-log migration did not run');
    let seq = Number(head.seq);
    let prevHash = head.hash;
    const records = batch.map((entry) => {
      seq += 1;
      const unhashed = { ...entry, seq, prevHash };
      const record: AuditRecord = { ...unhashed, hash: chainHash(unhashed) };
      prevHash = record.hash;
      return rowOf(record);
    });
    await tx.query(APPEND, [JSON.stringify(records), seq, prevHash]);
  });
}
