import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleEntry } from '../../testing/sample-entry.ts';
import { type StoreVariant, storeVariants, type TestStore } from '../../testing/test-stores.ts';
import type { Database } from '../db/database.ts';
import { connectDatabase, openDatabase } from '../db/open-database.ts';
import { createAuditLog } from './audit-log.ts';
import { runVerifyCommand } from './verify-command.ts';

async function verify(env: Record<string, string>) {
  const lines: string[] = [];
  const exitCode = await runVerifyCommand(env, (line) => lines.push(line));
  return { exitCode, lines };
}

async function appendThree(db: Database) {
  const log = createAuditLog(db);
  for (let i = 0; i < 3; i++) await log.append(sampleEntry());
}

/** Changes record 2 with the triggers off, as the tables' owner could, and commits. */
async function tamperWithRecordTwo(db: Database) {
  await db.exec(`BEGIN;
    ALTER TABLE audit_record DISABLE TRIGGER USER;
    UPDATE audit_record SET actor_name = 'Someone Else' WHERE seq = 2;
    ALTER TABLE audit_record ENABLE TRIGGER USER;
    COMMIT`);
}

const OK = /^audit chain OK: 3 records, head [0-9a-f]{64}$/;
const NO_CHECKPOINTS =
  'no checkpoint store (AUDIT_CHECKPOINT_DIR): deleted newest records cannot be detected';
const BROKEN = 'audit chain BROKEN at record 2: hash_mismatch (1 records before it verified)';

describe('npm run audit:verify on a PGlite data directory', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hoi-audit-'));
    const db = await openDatabase({ kind: 'pglite', dataDir: dir });
    await appendThree(db);
    await db.close();
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('prints the record count and exits 0 when the chain is intact', async () => {
    const { exitCode, lines } = await verify({ AUDIT_PGLITE_DIR: dir });
    expect(lines).toEqual([expect.stringMatching(OK), NO_CHECKPOINTS]);
    expect(exitCode).toBe(0);
  });

  it('prints the first broken record and exits 1 after tampering', async () => {
    const db = await connectDatabase({ kind: 'pglite', dataDir: dir });
    await tamperWithRecordTwo(db);
    await db.close();
    expect(await verify({ AUDIT_PGLITE_DIR: dir })).toEqual({ exitCode: 1, lines: [BROKEN] });
  });
});

describe('npm run audit:verify without a store', () => {
  it('exits 2 naming the variables when none is set', async () => {
    expect(await verify({})).toEqual({
      exitCode: 2,
      lines: ['audit chain not verified: AUDIT_DATABASE_URL or AUDIT_PGLITE_DIR is required'],
    });
  });

  it('exits 2 without creating a store where the directory is missing', async () => {
    expect(await verify({ AUDIT_PGLITE_DIR: join(tmpdir(), 'hoi-audit-missing-dir') })).toEqual({
      exitCode: 2,
      lines: ['audit chain not verified: AUDIT_PGLITE_DIR is not an existing directory'],
    });
  });
});

const postgres = storeVariants().find((variant): variant is StoreVariant => variant.name === 'PostgreSQL')!;

describe.skipIf(postgres.skipReason !== undefined)(
  `npm run audit:verify on PostgreSQL${postgres.skipReason ? ` — ${postgres.skipReason}` : ''}`,
  () => {
    let store: TestStore;
    let env: Record<string, string>;
    beforeAll(async () => {
      store = await postgres.open();
      if (store.config.kind !== 'postgres') throw new Error('expected a PostgreSQL store');
      env = { AUDIT_DATABASE_URL: store.config.url, AUDIT_DATABASE_SCHEMA: store.config.schema! };
      await appendThree(store.db);
    });
    afterAll(() => store?.close());

    it('exits 0 on an intact chain and 1 after tampering', async () => {
      expect(await verify(env)).toEqual({ exitCode: 0, lines: [expect.stringMatching(OK), NO_CHECKPOINTS] });
      await tamperWithRecordTwo(store.db);
      expect(await verify(env)).toEqual({ exitCode: 1, lines: [BROKEN] });
    });
  },
);
