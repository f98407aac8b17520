import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../runtime/audit/audit-log.ts';
import {
  checkpointJson,
  loadCheckpointKey,
  rawPublicKey,
  signCheckpoint,
} from '../../runtime/audit/checkpoint.ts';
import { createFileCheckpointStore } from '../../runtime/audit/checkpoint-store.ts';
import { runVerifyCommand } from '../../runtime/audit/verify-command.ts';
import type { Database } from '../../runtime/db/database.ts';
import { createLogger } from '../../runtime/log/logger.ts';
import { type LogStore, logStoreVariants } from '../../testing/audit-log-stores.ts';
import { rewriteRecord, truncateAndRewind } from '../../testing/audit-tampering.ts';
import { sampleEntry } from '../../testing/sample-entry.ts';
import { writeCheckpoint } from './checkpoint-job.ts';

/**
 * POL-007: the audit log tells the truth, all of it. Someone with full rights
 * on the audit database can delete the newest records and rewind the head, or
 * rewrite a record and recompute every hash after it: the chain then verifies
 * on its own. `npm run audit:verify` with the signed checkpoints kept outside
 * the database finds both, and a checkpoint it cannot trust.
 */
const key = loadCheckpointKey({ AUDIT_CHECKPOINT_KEY: randomBytes(32).toString('hex') });
const otherKey = loadCheckpointKey({ AUDIT_CHECKPOINT_KEY: randomBytes(32).toString('base64') });
const silent = createLogger({ write: () => {} });

const stores = logStoreVariants();
beforeAll(() => stores.prepare(), 60_000);
afterAll(() => stores.cleanUp());
const { variants } = stores;

for (const variant of variants) {
  describe.skipIf(variant.skipReason !== undefined)(
    `audit checkpoints on ${variant.name}${variant.skipReason ? ` — ${variant.skipReason}` : ''}`,
    () => {
      let store: LogStore;
      let dir: string;
      let env: Record<string, string>;
      const appendTo = async (db: Database, n: number) => {
        const log = createAuditLog(db);
        for (let i = 0; i < n; i++) await log.append(sampleEntry());
      };
      const checkpointOf = (db: Database) =>
        writeCheckpoint({ db, store: createFileCheckpointStore(dir), key, logger: silent });
      const verify = async (over: Record<string, string | undefined> = {}) => {
        const lines: string[] = [];
        const exitCode = await runVerifyCommand({ ...env, ...over }, (line) => lines.push(line));
        return { exitCode, lines };
      };

      // 5 records, a checkpoint of them, then 2 more not yet checkpointed.
      beforeEach(async () => {
        store = await variant.open();
        dir = await mkdtemp(join(tmpdir(), 'hoi-checkpoints-'));
        // The verifier holds only the public key.
        env = { ...store.env, AUDIT_CHECKPOINT_DIR: dir, AUDIT_CHECKPOINT_PUBLIC_KEY: rawPublicKey(key) };
        await store.use(async (db) => {
          await appendTo(db, 5);
          expect(await checkpointOf(db)).toBe('written');
          await appendTo(db, 2);
        });
      }, 60_000);
      afterEach(async () => {
        await store?.close();
        await rm(dir, { recursive: true, force: true });
      });

      it('POL-007.5: an intact chain matches its latest checkpoint: exit 0, saying how many records are not yet covered', async () => {
        const { exitCode, lines } = await verify();
        expect(lines).toEqual([
          expect.stringMatching(/^audit chain OK: 7 records, head [0-9a-f]{64}$/),
          expect.stringMatching(
            /^checkpoint of \S+Z matches record 5; 2 records after it are not yet checkpointed$/,
          ),
        ]);
        expect(exitCode).toBe(0);
      });

      it('POL-007.5: the newest records deleted and the head rewound are reported as truncated (exit 1)', async () => {
        await store.use((db) => truncateAndRewind(db, 3));
        // The chain alone still verifies: this is what went unnoticed before.
        expect(await verify({ AUDIT_CHECKPOINT_DIR: undefined })).toMatchObject({
          exitCode: 0,
          lines: [
            expect.stringMatching(/^audit chain OK: 3 records/),
            expect.stringMatching(/^no checkpoint store/),
          ],
        });
        const { exitCode, lines } = await verify();
        expect(lines).toEqual([
          expect.stringMatching(
            /^audit chain BROKEN at record 4: truncated \(3 records before it verified; checkpoint of \S+Z signed 5\)$/,
          ),
        ]);
        expect(exitCode).toBe(1);
      });

      it('POL-007.5: a checkpointed record rewritten with every hash after it recomputed is reported (exit 1)', async () => {
        await store.use((db) => rewriteRecord(db, 2, 'routine'));
        expect(await verify({ AUDIT_CHECKPOINT_DIR: undefined })).toMatchObject({ exitCode: 0 });
        const { exitCode, lines } = await verify();
        expect(lines).toEqual([
          expect.stringMatching(
            /^audit chain BROKEN at record 5: checkpoint_mismatch \(4 records before it verified; /,
          ),
        ]);
        expect(exitCode).toBe(1);
      });

      it('a forged checkpoint is reported (exit 1): another key, or a signature that does not match', async () => {
        const forged = signCheckpoint({ seq: 7, headHash: 'a'.repeat(64), time: new Date() }, otherKey);
        const file = join(dir, 'checkpoint-0000000000000007.json');
        await writeFile(file, checkpointJson(forged));
        expect(await verify()).toEqual({
          exitCode: 1,
          lines: [
            `audit checkpoint FORGED: checkpoint-0000000000000007.json: signed by key ${otherKey.keyId}, not by ${key.keyId}`,
          ],
        });
        // The right key id on a changed checkpoint: the signature no longer holds.
        const genuine = JSON.parse(await readFile(join(dir, 'checkpoint-0000000000000005.json'), 'utf8'));
        await writeFile(file, JSON.stringify({ ...genuine, seq: 7 }));
        expect(await verify()).toEqual({
          exitCode: 1,
          lines: ['audit checkpoint FORGED: checkpoint-0000000000000007.json: signature does not verify'],
        });
      });

      it('the job extends the latest checkpoint, skips a run with nothing new, and refuses to sign a truncated chain', async () => {
        const lines: Record<string, unknown>[] = [];
        const logger = createLogger({ write: (line) => lines.push(JSON.parse(line)) });
        const outcome = await store.use(async (db) => {
          expect(await checkpointOf(db)).toBe('written');
          expect(await checkpointOf(db)).toBe('unchanged');
          expect((await readdir(dir)).sort()).toEqual([
            'checkpoint-0000000000000005.json',
            'checkpoint-0000000000000007.json',
          ]);
          await truncateAndRewind(db, 6);
          await appendTo(db, 3);
          return writeCheckpoint({ db, store: createFileCheckpointStore(dir), key, logger });
        });
        expect(outcome).toBe('refused');
        expect(lines).toEqual([
          expect.objectContaining({
            level: 'error',
            code: 'prev_hash_mismatch',
            msg: 'audit chain does not continue the checkpoint of 7 records: prev_hash_mismatch at record 8',
          }),
        ]);
        expect(await readdir(dir)).toHaveLength(2);
      });
    },
  );
}

describe('npm run audit:verify: checkpoint settings', () => {
  it('exits 2 naming the key variable when a checkpoint store is named without a key', async () => {
    const lines: string[] = [];
    const dir = await mkdtemp(join(tmpdir(), 'hoi-audit-empty-'));
    try {
      const exitCode = await runVerifyCommand({ AUDIT_PGLITE_DIR: dir, AUDIT_CHECKPOINT_DIR: dir }, (line) =>
        lines.push(line),
      );
      expect({ exitCode, lines }).toEqual({
        exitCode: 2,
        lines: ['audit chain not verified: AUDIT_CHECKPOINT_KEY or AUDIT_CHECKPOINT_PUBLIC_KEY is required'],
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
