import { beforeAll, expect, it } from 'vitest';
import { sampleEntry } from '../../testing/sample-entry.ts';
import { describeEachStore } from '../../testing/test-stores.ts';
import type { Database } from '../db/database.ts';
import { DatabaseQueryError } from '../db/errors.ts';
import { AUDIT_APPEND_ONLY_SQLSTATE } from '../db/migrations/0001-audit-log.ts';
import { createAuditLog } from './audit-log.ts';
import { chainHash } from './chain-hash.ts';
import { RECORD_COLUMNS, type RecordRow, recordOf } from './record-row.ts';
import { type ChainVerification, verifyChain } from './verify-chain.ts';

class RolledBack extends Error {
  constructor(readonly result: ChainVerification) {
    super('rolled back on purpose');
  }
}

/**
 * Tampers as the tables' owner or a superuser could, with the append-only
 * triggers disabled, verifies, and rolls everything back so each case starts
 * from the same intact chain.
 */
async function verifyAfterTampering(db: Database, ...statements: string[]): Promise<ChainVerification> {
  try {
    await db.transaction(async (tx) => {
      await tx.exec(
        'ALTER TABLE audit_record DISABLE TRIGGER USER; ALTER TABLE audit_chain_head DISABLE TRIGGER USER',
      );
      for (const sql of statements) await tx.exec(sql);
      throw new RolledBack(await verifyChain(tx, { pageSize: 3 }));
    });
  } catch (error) {
    if (error instanceof RolledBack) return error.result;
    throw error;
  }
  throw new Error('the tampering transaction committed');
}

const refusedSqlState = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: unknown) => (error instanceof DatabaseQueryError ? error.sqlState : String(error)),
  );

describeEachStore('audit chain', (store) => {
  beforeAll(async () => {
    const log = createAuditLog(store().db);
    // Several batches, so links between batches are checked as well as links inside one.
    for (let batch = 0; batch < 3; batch++)
      await Promise.all(Array.from({ length: 4 }, () => log.append(sampleEntry())));
  });

  it('verifies an untouched chain, walking it page by page to the head', async () => {
    const { rows } = await store().db.query<{ hash: string }>('SELECT hash FROM audit_record WHERE seq = 12');
    expect(await verifyChain(store().db, { pageSize: 5 })).toEqual({
      ok: true,
      records: 12,
      headHash: rows[0]?.hash,
      base: { seq: 0, hash: '0'.repeat(64), purgedBefore: null },
    });
  });

  it('detects a changed field at the changed record', async () => {
    const result = await verifyAfterTampering(
      store().db,
      "UPDATE audit_record SET purpose = 'routine' WHERE seq = 5",
    );
    expect(result).toEqual({ ok: false, brokenAt: 5, problem: 'hash_mismatch', records: 4 });
  });

  it('detects a changed decision or override flag', async () => {
    expect(
      await verifyAfterTampering(
        store().db,
        'UPDATE audit_record SET override_used = NOT override_used WHERE seq = 7',
      ),
    ).toMatchObject({ brokenAt: 7, problem: 'hash_mismatch' });
    expect(
      await verifyAfterTampering(store().db, "UPDATE audit_record SET decision = 'deny' WHERE seq = 1"),
    ).toMatchObject({ brokenAt: 1, problem: 'hash_mismatch' });
  });

  it('detects a rewritten record whose hash was recomputed, at the record after it', async () => {
    const { db } = store();
    const { rows } = await db.query<RecordRow>(
      `SELECT ${RECORD_COLUMNS.join(', ')} FROM audit_record WHERE seq = 6`,
    );
    const rewritten = { ...recordOf(rows[0]!), purpose: 'routine' };
    const result = await verifyAfterTampering(
      db,
      `UPDATE audit_record SET purpose = 'routine', hash = '${chainHash(rewritten)}' WHERE seq = 6`,
    );
    expect(result).toEqual({ ok: false, brokenAt: 7, problem: 'prev_hash_mismatch', records: 6 });
  });

  it('detects a deleted record at its seq', async () => {
    const result = await verifyAfterTampering(store().db, 'DELETE FROM audit_record WHERE seq = 8');
    expect(result).toEqual({ ok: false, brokenAt: 8, problem: 'missing_record', records: 7 });
  });

  it('detects deleted newest records against the head', async () => {
    const result = await verifyAfterTampering(store().db, 'DELETE FROM audit_record WHERE seq >= 11');
    expect(result).toEqual({ ok: false, brokenAt: 11, problem: 'missing_record', records: 10 });
  });

  it('detects two records swapped', async () => {
    const result = await verifyAfterTampering(
      store().db,
      'UPDATE audit_record SET seq = seq + 1000 WHERE seq IN (3, 4)',
      'UPDATE audit_record SET seq = CASE seq WHEN 1003 THEN 4 ELSE 3 END WHERE seq IN (1003, 1004)',
    );
    expect(result).toEqual({ ok: false, brokenAt: 3, problem: 'prev_hash_mismatch', records: 2 });
  });

  it('detects a head that was moved', async () => {
    const result = await verifyAfterTampering(
      store().db,
      `UPDATE audit_chain_head SET hash = repeat('c', 64)`,
    );
    expect(result).toEqual({ ok: false, brokenAt: 12, problem: 'head_mismatch', records: 12 });
  });

  it('append-only: the database refuses UPDATE, DELETE and TRUNCATE of records', async () => {
    const { db } = store();
    expect(await refusedSqlState(db.query("UPDATE audit_record SET purpose = 'x' WHERE seq = 1"))).toBe(
      AUDIT_APPEND_ONLY_SQLSTATE,
    );
    expect(await refusedSqlState(db.query('DELETE FROM audit_record WHERE seq = 1'))).toBe(
      AUDIT_APPEND_ONLY_SQLSTATE,
    );
    expect(await refusedSqlState(db.query('TRUNCATE audit_record'))).toBe(AUDIT_APPEND_ONLY_SQLSTATE);
    expect(await verifyChain(db)).toMatchObject({ ok: true, records: 12 });
  });

  it('append-only: the head only moves forward and cannot be removed', async () => {
    const { db } = store();
    expect(await refusedSqlState(db.query('UPDATE audit_chain_head SET seq = seq - 1'))).toBe(
      AUDIT_APPEND_ONLY_SQLSTATE,
    );
    expect(await refusedSqlState(db.query('DELETE FROM audit_chain_head'))).toBe(AUDIT_APPEND_ONLY_SQLSTATE);
    expect(await refusedSqlState(db.query('TRUNCATE audit_chain_head'))).toBe(AUDIT_APPEND_ONLY_SQLSTATE);
  });
});
