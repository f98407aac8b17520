import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/parse-env.ts';
import { loadDatabaseConfig } from './config.ts';

describe('loadDatabaseConfig', () => {
  it('defaults to PGlite in memory', () => {
    expect(loadDatabaseConfig({})).toEqual({ kind: 'pglite' });
  });

  it('uses PGlite in a directory', () => {
    expect(loadDatabaseConfig({ PGLITE_DIR: '/var/lib/hoi' })).toEqual({
      kind: 'pglite',
      dataDir: '/var/lib/hoi',
    });
  });

  it('uses PostgreSQL with pool defaults when DATABASE_URL is set', () => {
    expect(
      loadDatabaseConfig({ DATABASE_URL: 'postgres://hoi:pw@db:5432/hoi', DATABASE_SCHEMA: 'hoi' }),
    ).toEqual({
      kind: 'postgres',
      url: 'postgres://hoi:pw@db:5432/hoi',
      schema: 'hoi',
      maxConnections: 10,
      connectTimeoutMs: 5000,
      statementTimeoutMs: 10_000,
    });
  });

  it('reads another store under a prefix', () => {
    expect(loadDatabaseConfig({ AUDIT_PGLITE_DIR: '/d', PGLITE_DIR: '/other' }, 'AUDIT_')).toEqual({
      kind: 'pglite',
      dataDir: '/d',
    });
  });

  it('names both variables when both stores are set', () => {
    expect(() => loadDatabaseConfig({ DATABASE_URL: 'postgres://db/hoi', PGLITE_DIR: '/d' })).toThrow(
      'DATABASE_URL and PGLITE_DIR exclude each other: set one',
    );
  });

  it('names the bad variable without echoing its value', () => {
    const error = (() => {
      try {
        loadDatabaseConfig({ DATABASE_URL: 'mysql://secret@db/hoi' });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.variable).toBe('DATABASE_URL');
    expect(error?.message).not.toContain('secret');
  });

  it('refuses a schema that is not a plain identifier', () => {
    expect(() => loadDatabaseConfig({ DATABASE_URL: 'postgres://db/hoi', DATABASE_SCHEMA: 'a;b' })).toThrow(
      'DATABASE_SCHEMA must be a lower-case SQL identifier',
    );
  });
});
