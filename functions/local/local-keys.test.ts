import { describe, expect, it } from 'vitest';
import { defaultAuditDir, LOCAL_AUDIT_DIR, LOCAL_DIR } from './local-keys.ts';

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
