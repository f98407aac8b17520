import { describe, expect, it } from 'vitest';
import { loadCheckpointKey } from '../runtime/audit/checkpoint.ts';
import {
  defaultAuditDir,
  LOCAL_AUDIT_DIR,
  LOCAL_CHECKPOINT_DIR,
  LOCAL_DIR,
  localCheckpointKey,
} from './local-keys.ts';

describe('the local audit log', () => {
  it('is kept on disk under the git-ignored local folder when the user names no store', () => {
    expect(defaultAuditDir({})).toBe(LOCAL_AUDIT_DIR);
    expect(LOCAL_AUDIT_DIR.startsWith(`${LOCAL_DIR}/`)).toBe(true);
    expect(LOCAL_AUDIT_DIR).toMatch(/\/\.cache\/local\/audit-pglite$/);
  });

  it('leaves the choice to DATABASE_URL or PGLITE_DIR when either is set (they exclude each other)', () => {
    expect(defaultAuditDir({ DATABASE_URL: 'postgres://127.0.0.1/hoi' })).toBeUndefined();
    expect(defaultAuditDir({ PGLITE_DIR: '/tmp/audit' })).toBeUndefined();
    expect(defaultAuditDir({ DATABASE_URL: '' })).toBe(LOCAL_AUDIT_DIR);
  });
});

describe('the local audit checkpoints', () => {
  it('are signed with a kept development key, in a directory of their own beside the log', async () => {
    const key = await localCheckpointKey();
    expect(await localCheckpointKey()).toBe(key);
    expect(loadCheckpointKey({ AUDIT_CHECKPOINT_KEY: key }).keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(LOCAL_CHECKPOINT_DIR).toMatch(/\/\.cache\/local\/audit-checkpoints$/);
    expect(LOCAL_CHECKPOINT_DIR.startsWith(`${LOCAL_AUDIT_DIR}/`)).toBe(false);
  });
});
