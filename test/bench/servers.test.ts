import { describe, expect, it } from 'vitest';
import { ownDatabaseDir } from './servers.ts';

describe('servers side by side', () => {
  it('gives each its own PGlite directory, the same in every round, and leaves one server and PostgreSQL as they are', () => {
    const pglite = { AUTHZ_MODE: 'embedded', PGLITE_DIR: '/bench/audit-pglite' };
    expect([0, 1, 2].map((i) => ownDatabaseDir(pglite, i, 3).PGLITE_DIR)).toEqual([
      '/bench/audit-pglite-0',
      '/bench/audit-pglite-1',
      '/bench/audit-pglite-2',
    ]);
    expect(ownDatabaseDir(pglite, 1, 3)).toEqual({
      AUTHZ_MODE: 'embedded',
      PGLITE_DIR: '/bench/audit-pglite-1',
    });
    expect(ownDatabaseDir(pglite, 0, 1)).toBe(pglite);
    const postgres = { DATABASE_URL: 'postgres://bench' };
    expect(ownDatabaseDir(postgres, 1, 2)).toBe(postgres);
  });
});
