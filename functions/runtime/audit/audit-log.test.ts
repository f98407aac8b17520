import { expect, it } from 'vitest';
import { childPseudonym, sampleEntry } from '../../testing/sample-entry.ts';
import { describeEachStore } from '../../testing/test-stores.ts';
import type { Database } from '../db/database.ts';
import { DatabaseUnavailableError } from '../db/errors.ts';
import { createAuditLog } from './audit-log.ts';
import { AuditEntryError } from './entry-error.ts';
import { verifyChain } from './verify-chain.ts';

/** The database as the audit log sees it, counting its INSERTs into audit_record. */
function countingInserts(db: Database) {
  const counted = { inserts: 0 };
  const database: Database = {
    ...db,
    transaction: (work) =>
      db.transaction((tx) =>
        work({
          exec: (sql) => tx.exec(sql),
          query: (sql, params) => {
            if (sql.includes('INSERT INTO audit_record')) counted.inserts += 1;
            return tx.query(sql, params);
          },
        }),
      ),
  };
  return { database, counted };
}

/** Fails the next `n` batches as a lost connection would, after the head was locked. */
function failingBatches(db: Database, n: number): Database {
  let failures = n;
  return {
    ...db,
    transaction: (work) =>
      db.transaction((tx) =>
        work({
          exec: (sql) => tx.exec(sql),
          query: async (sql, params) => {
            if (sql.includes('INSERT INTO audit_record') && failures-- > 0)
              throw new DatabaseUnavailableError('connection lost');
            return tx.query(sql, params);
          },
        }),
      ),
  };
}

const countRecords = async (db: Database) =>
  Number((await db.query<{ n: unknown }>('SELECT count(*) AS n FROM audit_record')).rows[0]?.n);

describeEachStore('audit log', (store) => {
  it('POL-007.5, POL-008.4: stores every field the access log must hold, the override flag included, and reads it back numbered, timed and chained', async () => {
    const { db } = store();
    const log = createAuditLog(db);
    const entry = sampleEntry({
      override: true,
      decision: { outcome: 'allow', reasonCode: 'citizen_consent' },
    });
    const before = Date.now();
    await log.append(entry);
    const { records, nextBeforeSeq } = await log.query(entry.childPseudonym);
    expect(nextBeforeSeq).toBeUndefined();
    expect(records).toHaveLength(1);
    const [record] = records;
    expect(record).toMatchObject({ ...entry, seq: 1, prevHash: '0'.repeat(64) });
    expect(record?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(record?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(record?.time.getTime()).toBeGreaterThanOrEqual(before);
    expect(record?.time.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('records from before the trust domain, issuer and answered fields keep their hashes beside new ones', async () => {
    const { db } = store();
    const log = createAuditLog(db);
    const { answered: _, ...older } = sampleEntry();
    const { trustDomain: _d, issuer: _i, ...olderActor } = older.actor;
    await log.append({ ...older, actor: olderActor });
    await log.append(sampleEntry({ answered: false }));
    const records = (await log.query(older.childPseudonym)).records;
    expect(records.map((r) => [r.actor.trustDomain, r.answered])).toEqual([[undefined, undefined]]);
    expect(await verifyChain(db)).toMatchObject({ ok: true });
  });

  it('stores Danish letters, quotes, backslashes, emoji and the word NULL exactly, and the chain still verifies', async () => {
    const { db } = store();
    const log = createAuditLog(db);
    const entry = sampleEntry({
      actor: { ...sampleEntry().actor, name: 'Søren "Sø" Ærø-Ågård \\ 👩‍⚕️' },
      purpose: 'NULL',
      action: "it's {a,b}",
    });
    await log.append(entry);
    expect((await log.query(entry.childPseudonym)).records[0]).toMatchObject({
      actor: entry.actor,
      purpose: 'NULL',
      action: "it's {a,b}",
    });
    expect(await verifyChain(db)).toMatchObject({ ok: true });
  });

  it('resolves append only when the record is committed: another connection sees it at once', async () => {
    const { db, connectAgain } = store();
    const reader = connectAgain?.() ?? db;
    const entry = sampleEntry();
    await createAuditLog(db).append(entry);
    expect(await createAuditLog(reader).query(entry.childPseudonym)).toMatchObject({
      records: [{ childPseudonym: entry.childPseudonym }],
    });
  });

  it('group commit: 50 concurrent appends go in fewer INSERTs, chained in the order they were made', async () => {
    const { db } = store();
    const { database, counted } = countingInserts(db);
    const log = createAuditLog(database);
    const child = childPseudonym();
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        log.append(sampleEntry({ childPseudonym: child, action: `a${i}` })),
      ),
    );
    expect(counted.inserts).toBeGreaterThanOrEqual(1);
    expect(counted.inserts).toBeLessThan(50);
    const { records } = await log.query(child, { limit: 50 });
    expect(records.map((r) => r.action)).toEqual(Array.from({ length: 50 }, (_, i) => `a${49 - i}`));
    expect(await verifyChain(db)).toMatchObject({ ok: true });
  });

  it('splits a burst into batches of at most maxBatchSize', async () => {
    const { database, counted } = countingInserts(store().db);
    const log = createAuditLog(database, { maxBatchSize: 4 });
    await Promise.all(Array.from({ length: 10 }, () => log.append(sampleEntry())));
    expect(counted.inserts).toBe(3);
  });

  it('MinLog: lists a child’s records newest first, one page at a time', async () => {
    const log = createAuditLog(store().db);
    const child = childPseudonym();
    for (const action of ['first', 'second', 'third'])
      await log.append(sampleEntry({ childPseudonym: child, action }));
    await log.append(sampleEntry());
    const page1 = await log.query(child, { limit: 2 });
    expect(page1.records.map((r) => r.action)).toEqual(['third', 'second']);
    const page2 = await log.query(child, { limit: 2, beforeSeq: page1.nextBeforeSeq! });
    expect(page2).toEqual({ records: [expect.objectContaining({ action: 'first' })] });
  });

  it('no record, no data: when a batch fails every waiting append rejects, none is stored, and the chain goes on intact', async () => {
    const { db } = store();
    const log = createAuditLog(failingBatches(db, 1));
    const stored = await countRecords(db);
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => log.append(sampleEntry())));
    expect(outcomes.map((o) => o.status)).toEqual(Array(5).fill('rejected'));
    for (const outcome of outcomes)
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(DatabaseUnavailableError);
    expect(await countRecords(db)).toBe(stored);
    await log.append(sampleEntry());
    expect(await verifyChain(db)).toEqual(expect.objectContaining({ ok: true, records: stored + 1 }));
  });

  it('POL-007.5: refuses a CPR number as the child before anything is stored, in append and in query', async () => {
    const { db } = store();
    const log = createAuditLog(db);
    const stored = await countRecords(db);
    await expect(log.append(sampleEntry({ childPseudonym: '610190-1234' }))).rejects.toMatchObject({
      name: 'AuditEntryError',
      code: 'cpr_number',
    });
    await expect(log.query('6101901234')).rejects.toBeInstanceOf(AuditEntryError);
    expect(await countRecords(db)).toBe(stored);
  });

  it('one refused entry does not fail the others appended with it', async () => {
    const log = createAuditLog(store().db);
    const outcomes = await Promise.allSettled([
      log.append(sampleEntry()),
      log.append(sampleEntry({ purpose: '' })),
      log.append(sampleEntry()),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  // Last: it closes the store of this suite.
  it('rejects append with DatabaseUnavailableError (503) when the store is down', async () => {
    const { db } = store();
    await db.close();
    await expect(createAuditLog(db).append(sampleEntry())).rejects.toBeInstanceOf(DatabaseUnavailableError);
  });
});
