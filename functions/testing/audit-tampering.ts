import { chainHash, GENESIS_HASH } from '../runtime/audit/chain-hash.ts';
import type { AuditRecord } from '../runtime/audit/record.ts';
import { RECORD_COLUMNS, type RecordRow, recordOf } from '../runtime/audit/record-row.ts';
import type { Queryable } from '../runtime/db/database.ts';

/**
 * Test-only: what someone with full rights on the audit database can do, with
 * the append-only triggers off, committed. Each leaves a chain that verifies
 * on its own: only a checkpoint kept elsewhere shows what happened.
 */
const triggersOff = (sql: string) => `BEGIN;
  ALTER TABLE audit_record DISABLE TRIGGER USER;
  ALTER TABLE audit_chain_head DISABLE TRIGGER USER;
  ALTER TABLE audit_chain_base DISABLE TRIGGER USER;
  ${sql};
  ALTER TABLE audit_record ENABLE TRIGGER USER;
  ALTER TABLE audit_chain_head ENABLE TRIGGER USER;
  ALTER TABLE audit_chain_base ENABLE TRIGGER USER;
  COMMIT`;

/** Deletes every record after `keep` and rewinds the head to the last one kept. */
export async function truncateAndRewind(db: Queryable, keep: number): Promise<void> {
  await db.exec(
    triggersOff(`DELETE FROM audit_record WHERE seq > ${keep};
      UPDATE audit_chain_head SET seq = ${keep},
        hash = COALESCE((SELECT hash FROM audit_record WHERE seq = ${keep}), repeat('0', 64))`),
  );
}

/** Changes one record's purpose and recomputes its hash, every later one and the head. */
export async function rewriteRecord(db: Queryable, seq: number, purpose: string): Promise<void> {
  const { rows } = await db.query<RecordRow>(
    `SELECT ${RECORD_COLUMNS.join(', ')} FROM audit_record WHERE seq >= $1 ORDER BY seq`,
    [seq],
  );
  const before = await db.query<{ hash: string }>('SELECT hash FROM audit_record WHERE seq = $1', [seq - 1]);
  let prevHash = before.rows[0]?.hash ?? GENESIS_HASH;
  const updates: string[] = [];
  for (const row of rows) {
    const record: AuditRecord = recordOf(row);
    const rewritten = { ...record, purpose: record.seq === seq ? purpose : record.purpose, prevHash };
    const hash = chainHash(rewritten);
    updates.push(
      `UPDATE audit_record SET purpose = '${rewritten.purpose}', prev_hash = '${prevHash}', hash = '${hash}' WHERE seq = ${record.seq}`,
    );
    prevHash = hash;
  }
  updates.push(`UPDATE audit_chain_head SET hash = '${prevHash}'`);
  await db.exec(triggersOff(updates.join(';\n')));
}

/** Deletes the records up to `upTo` and moves the purge point there, as a purge would, but without a signed cut. */
export async function purgeUnsigned(db: Queryable, upTo: number): Promise<void> {
  await db.exec(
    triggersOff(`UPDATE audit_chain_base SET seq = ${upTo}, purged_before = now(),
        hash = (SELECT hash FROM audit_record WHERE seq = ${upTo});
      DELETE FROM audit_record WHERE seq <= ${upTo}`),
  );
}
