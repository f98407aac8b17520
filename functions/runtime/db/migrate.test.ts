import { expect, it } from 'vitest';
import { describeEachStore } from '../../testing/test-stores.ts';
import { MigrationError, migrate } from './migrate.ts';
import { auditLog } from './migrations/0001-audit-log.ts';
import { MIGRATIONS } from './migrations/index.ts';

describeEachStore(
  'migrations',
  (store) => {
    it('apply each migration once, recorded in schema_migrations; a second start applies nothing', async () => {
      const { db } = store();
      await expect(migrate(db)).resolves.toEqual([1, 2, 3, 4, 5, 6]);
      await expect(migrate(db)).resolves.toEqual([]);
      const { rows } = await db.query('SELECT version, name FROM schema_migrations ORDER BY version');
      expect(rows).toEqual([
        { version: 1, name: 'audit-log' },
        { version: 2, name: 'audit-actor-trust' },
        { version: 3, name: 'correspondence' },
        { version: 4, name: 'audit-retention' },
        { version: 5, name: 'audit-case-ids' },
        { version: 6, name: 'audit-override-detail' },
      ]);
    });

    it('are read, not locked, at a start that finds them all applied: two queries, no transaction', async () => {
      const { db } = store();
      await migrate(db);
      const sent: string[] = [];
      let transactions = 0;
      const watched = {
        ...db,
        query: (sql: string, params?: readonly unknown[]) => {
          sent.push(sql);
          return db.query(sql, params);
        },
        transaction: <T>(work: Parameters<typeof db.transaction<T>>[0]) => {
          transactions++;
          return db.transaction(work);
        },
      } as typeof db;
      await expect(migrate(watched)).resolves.toEqual([]);
      expect(transactions).toBe(0);
      expect(sent).toHaveLength(2);
      expect(sent.some((sql) => /advisory|CREATE/i.test(sql))).toBe(false);
      // One not yet applied takes the locked path, and is applied there.
      const next = { version: 9002, name: 'next', sql: 'CREATE TABLE migration_next (id integer)' };
      await expect(migrate(watched, [...MIGRATIONS, next])).resolves.toEqual([9002]);
      expect(transactions).toBe(1);
    });

    it('are applied by exactly one of two processes starting at once', async () => {
      const { db, connectAgain } = store();
      // On PostgreSQL a second pool is a second process's connection; PGlite has only one connection.
      const other = connectAgain?.() ?? db;
      await other.query('SELECT 1');
      // Slow enough that, without the lock, both would find it pending and both apply it.
      const probe = {
        version: 9001,
        name: 'probe',
        sql: 'SELECT pg_sleep(0.2); CREATE TABLE migration_probe (id integer)',
      };
      const applied = await Promise.all([
        migrate(db, [...MIGRATIONS, probe]),
        migrate(other, [...MIGRATIONS, probe]),
      ]);
      expect(applied.flat()).toEqual([9001]);
      const { rows } = await db.query(
        'SELECT count(*)::int AS n FROM schema_migrations WHERE version = 9001',
      );
      expect(rows).toEqual([{ n: 1 }]);
    });

    it('refuse to start when an applied migration was edited', async () => {
      const edited = { ...auditLog, sql: `${auditLog.sql}\n-- edited` };
      await expect(migrate(store().db, [edited])).rejects.toMatchObject({
        name: 'MigrationError',
        version: 1,
      });
      // Also when everything else is applied: the read finds it, without the lock.
      const { db } = store();
      await migrate(db);
      await expect(migrate(db, [edited, ...MIGRATIONS.slice(1)])).rejects.toMatchObject({
        name: 'MigrationError',
        version: 1,
      });
    });

    it('refuse a list whose versions do not increase', async () => {
      const second = { version: 2, name: 'second', sql: 'SELECT 1' };
      await expect(migrate(store().db, [second, auditLog])).rejects.toBeInstanceOf(MigrationError);
    });
  },
  { migrate: false },
);
