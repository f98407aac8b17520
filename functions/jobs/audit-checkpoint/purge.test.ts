import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../runtime/audit/audit-log.ts';
import { loadCheckpointKey, rawPublicKey } from '../../runtime/audit/checkpoint.ts';
import { createFileCheckpointStore } from '../../runtime/audit/checkpoint-store.ts';
import { purgeAudit, purgeCutoff } from '../../runtime/audit/purge.ts';
import { cutJson, signCut } from '../../runtime/audit/purge-cut.ts';
import { runVerifyCommand } from '../../runtime/audit/verify-command.ts';
import type { Database } from '../../runtime/db/database.ts';
import { AUDIT_APPEND_ONLY_SQLSTATE } from '../../runtime/db/migrations/0001-audit-log.ts';
import { createLogger } from '../../runtime/log/logger.ts';
import { type LogStore, logStoreVariants } from '../../testing/audit-log-stores.ts';
import { purgeUnsigned, rewriteRecord, truncateAndRewind } from '../../testing/audit-tampering.ts';
import { childPseudonym, sampleEntry } from '../../testing/sample-entry.ts';
import { writeCheckpoint } from './checkpoint-job.ts';
import { retentionDays } from './retention-days.ts';

/**
 * POL-009: the audit log keeps records for the retention period and no longer,
 * and a purge leaves a chain that still proves itself from the purge point on.
 */
const key = loadCheckpointKey({ AUDIT_CHECKPOINT_KEY: randomBytes(32).toString('hex') });
const otherKey = loadCheckpointKey({ AUDIT_CHECKPOINT_KEY: randomBytes(32).toString('hex') });
const silent = createLogger({ write: () => {} });
const NOW = new Date('2031-03-10T12:00:00.000Z');
const DAY = 86_400_000;
const RETENTION = 7;

describe('purgeCutoff and AUDIT_RETENTION_DAYS', () => {
  it('POL-009.2: the cutoff is the start (UTC) of the day the retention period ago, so it moves once a day', () => {
    expect(purgeCutoff(NOW, 7).toISOString()).toBe('2031-03-03T00:00:00.000Z');
    expect(purgeCutoff(new Date('2031-03-10T23:59:59.999Z'), 7).toISOString()).toBe(
      '2031-03-03T00:00:00.000Z',
    );
    expect(purgeCutoff(new Date('2031-03-11T00:00:00.000Z'), 1826).toISOString()).toBe(
      '2026-03-11T00:00:00.000Z',
    );
  });

  it('reads AUDIT_RETENTION_DAYS as whole days, unset meaning no purge, and names the variable when wrong', () => {
    expect(retentionDays({})).toBeUndefined();
    expect(retentionDays({ AUDIT_RETENTION_DAYS: '1826' })).toBe(1826);
    for (const bad of ['0', '-3', '2.5', 'five', '99999'])
      expect(() => retentionDays({ AUDIT_RETENTION_DAYS: bad })).toThrow(/AUDIT_RETENTION_DAYS/);
  });
});

const stores = logStoreVariants();
beforeAll(() => stores.prepare(), 60_000);
afterAll(() => stores.cleanUp());

for (const variant of stores.variants) {
  describe.skipIf(variant.skipReason !== undefined)(
    `audit retention on ${variant.name}${variant.skipReason ? ` — ${variant.skipReason}` : ''}`,
    () => {
      let store: LogStore;
      let dir: string;
      let env: Record<string, string>;
      const child = childPseudonym();
      const appendAt = async (db: Database, at: Date, n: number) => {
        const log = createAuditLog(db, { clock: () => at });
        for (let i = 0; i < n; i++) await log.append(sampleEntry({ childPseudonym: child }));
      };
      const checkpointStore = () => createFileCheckpointStore(dir);
      const purge = (db: Database, clock = () => NOW) =>
        purgeAudit({ db, store: checkpointStore(), key, logger: silent, retentionDays: RETENTION, clock });
      const verify = async (over: Record<string, string | undefined> = {}) => {
        const lines: string[] = [];
        const exitCode = await runVerifyCommand({ ...env, ...over }, (line) => lines.push(line));
        return { exitCode, lines };
      };
      const seqs = async (db: Database) =>
        (await db.query<{ seq: unknown }>('SELECT seq FROM audit_record ORDER BY seq')).rows.map((r) =>
          Number(r.seq),
        );

      // Records 1–5 ten days old, 6–8 two days old, all checkpointed; then 9 (today) not yet.
      beforeEach(async () => {
        store = await variant.open();
        dir = await mkdtemp(join(tmpdir(), 'hoi-retention-'));
        env = { ...store.env, AUDIT_CHECKPOINT_DIR: dir, AUDIT_CHECKPOINT_PUBLIC_KEY: rawPublicKey(key) };
        await store.use(async (db) => {
          await appendAt(db, new Date(NOW.getTime() - 10 * DAY), 5);
          await appendAt(db, new Date(NOW.getTime() - 2 * DAY), 3);
          expect(await writeCheckpoint({ db, store: checkpointStore(), key, logger: silent })).toBe(
            'written',
          );
          await appendAt(db, NOW, 1);
        });
      }, 60_000);
      afterEach(async () => {
        await store?.close();
        await rm(dir, { recursive: true, force: true });
      });

      it('POL-009.2: records older than the retention period are purged, the rest kept; the view says from when it is complete', async () => {
        const cutoff = new Date('2031-03-03T00:00:00.000Z');
        const { outcome, left, page } = await store.use(async (db) => {
          const outcome = await purge(db);
          return {
            outcome,
            left: await seqs(db),
            page: await createAuditLog(db).query(child),
          };
        });
        expect(outcome).toEqual({ outcome: 'purged', seq: 5, removed: 5, purgedBefore: cutoff });
        expect(left).toEqual([6, 7, 8, 9]);
        expect(page.records.map((r) => r.seq)).toEqual([9, 8, 7, 6]);
        expect(page.coversFrom).toEqual(cutoff);
        expect((await readdir(dir)).sort()).toEqual([
          'checkpoint-0000000000000008.json',
          'cut-0000000000000005.json',
        ]);
        // A second run the same day finds nothing new to cut.
        expect(await store.use((db) => purge(db, () => new Date(NOW.getTime() + 3_600_000)))).toEqual({
          outcome: 'nothing',
          purgedBefore: cutoff,
        });
      });

      it('POL-009.2: before any purge the view has no coversFrom, and records younger than the cutoff are never cut', async () => {
        const page = await store.use((db) => createAuditLog(db).query(child));
        expect(page.coversFrom).toBeUndefined();
        // Thirty days of retention: nothing is old enough.
        const outcome = await store.use((db) =>
          purgeAudit({
            db,
            store: checkpointStore(),
            key,
            logger: silent,
            retentionDays: 30,
            clock: () => NOW,
          }),
        );
        expect(outcome).toMatchObject({ outcome: 'nothing' });
        expect(await store.use(seqs)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      });

      it('POL-009.3: after a purge audit:verify passes from the signed cut on, and the checkpoint job goes on', async () => {
        await store.use((db) => purge(db));
        const { exitCode, lines } = await verify();
        expect(lines).toEqual([
          expect.stringMatching(/^audit chain OK: 9 records, head [0-9a-f]{64}$/),
          expect.stringMatching(
            /^checkpoint of \S+Z matches record 8; 1 records after it are not yet checkpointed$/,
          ),
          'records 1–5 purged by retention (older than 2031-03-03T00:00:00.000Z); the chain is verified from the signed cut at record 5',
        ]);
        expect(exitCode).toBe(0);
        expect(
          await store.use((db) => writeCheckpoint({ db, store: checkpointStore(), key, logger: silent })),
        ).toBe('written');
        expect(await verify()).toMatchObject({ exitCode: 0 });
      });

      it('POL-009.3: after a purge, a kept record rewritten is still detected', async () => {
        await store.use((db) => purge(db));
        await store.use((db) => rewriteRecord(db, 7, 'routine'));
        expect(await verify()).toMatchObject({
          exitCode: 1,
          lines: [expect.stringMatching(/^audit chain BROKEN at record 8: checkpoint_mismatch/)],
        });
      });

      it('POL-009.3: after a purge, the newest records deleted and the head rewound are reported as truncated', async () => {
        await store.use((db) => purge(db));
        await store.use((db) => truncateAndRewind(db, 6));
        expect(await verify()).toMatchObject({
          exitCode: 1,
          lines: [expect.stringMatching(/^audit chain BROKEN at record 7: truncated/)],
        });
      });

      it('POL-009.3: records removed below a purge point no signed cut names are reported as unsigned_purge', async () => {
        await store.use((db) => purge(db));
        await store.use((db) => purgeUnsigned(db, 7));
        expect(await verify()).toEqual({
          exitCode: 1,
          lines: [expect.stringMatching(/^audit chain BROKEN at record 7: unsigned_purge/)],
        });
        // Without any purge, a purge point moved by hand is as unsigned.
        const fresh = await variant.open();
        try {
          await fresh.use(async (db) => {
            await appendAt(db, NOW, 3);
            await purgeUnsigned(db, 2);
          });
          const emptyStore = await mkdtemp(join(tmpdir(), 'hoi-retention-empty-'));
          const lines: string[] = [];
          const code = await runVerifyCommand(
            {
              ...fresh.env,
              AUDIT_CHECKPOINT_DIR: emptyStore,
              AUDIT_CHECKPOINT_PUBLIC_KEY: rawPublicKey(key),
            },
            (line) => lines.push(line),
          );
          expect({ code, lines }).toEqual({
            code: 1,
            lines: [expect.stringMatching(/^audit chain BROKEN at record 2: unsigned_purge/)],
          });
          await rm(emptyStore, { recursive: true, force: true });
        } finally {
          await fresh.close();
        }
      });

      it('POL-009.3: the database refuses to delete a record above the purge point, or to move the point back', async () => {
        await store.use((db) => purge(db));
        await store.use(async (db) => {
          await expect(db.query('DELETE FROM audit_record WHERE seq = 6')).rejects.toMatchObject({
            sqlState: AUDIT_APPEND_ONLY_SQLSTATE,
          });
          await expect(
            db.query("UPDATE audit_chain_base SET seq = 3, purged_before = '2031-03-04T00:00:00Z'"),
          ).rejects.toMatchObject({ sqlState: AUDIT_APPEND_ONLY_SQLSTATE });
          await expect(
            db.query('UPDATE audit_record SET purpose = $1 WHERE seq = 6', ['x']),
          ).rejects.toMatchObject({ sqlState: AUDIT_APPEND_ONLY_SQLSTATE });
        });
        expect(await store.use(seqs)).toEqual([6, 7, 8, 9]);
      });

      it('POL-009.3: a purge cut not signed by the key is reported as forged', async () => {
        await store.use((db) => purge(db));
        const forged = signCut(
          { seq: 6, hash: 'a'.repeat(64), purgedBefore: new Date('2031-03-04T00:00:00.000Z'), time: NOW },
          otherKey,
        );
        await writeFile(join(dir, 'cut-0000000000000006.json'), cutJson(forged));
        expect(await verify()).toEqual({
          exitCode: 1,
          lines: [
            `audit purge cut FORGED: cut-0000000000000006.json: signed by key ${otherKey.keyId}, not by ${key.keyId}`,
          ],
        });
      });

      it('POL-009.4: a chain that does not verify is never purged: the evidence stays', async () => {
        await store.use((db) => rewriteRecord(db, 2, 'routine'));
        const lines: Record<string, unknown>[] = [];
        const logger = createLogger({ write: (line) => lines.push(JSON.parse(line)) });
        const outcome = await store.use((db) =>
          purgeAudit({
            db,
            store: checkpointStore(),
            key,
            logger,
            retentionDays: RETENTION,
            clock: () => NOW,
          }),
        );
        expect(outcome).toEqual({ outcome: 'refused', problem: 'checkpoint_mismatch' });
        expect(lines).toEqual([
          expect.objectContaining({
            level: 'error',
            code: 'checkpoint_mismatch',
            msg: 'audit purge refused: the chain does not verify: checkpoint_mismatch at record 8',
          }),
        ]);
        expect(await store.use(seqs)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
        expect(await readdir(dir)).toEqual(['checkpoint-0000000000000008.json']);
      });
    },
  );
}
