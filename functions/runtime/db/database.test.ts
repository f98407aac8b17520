import { describe, expect, it } from 'vitest';
import { describeEachStore } from '../../testing/test-stores.ts';
import { DatabaseQueryError, DatabaseUnavailableError } from './errors.ts';
import { createPostgresDatabase, MAX_NAMED_STATEMENTS, statementName } from './postgres.ts';

describeEachStore('database', (store, variant) => {
  it.runIf(variant.name.startsWith('PostgreSQL'))(
    'prepares a parameterised statement by a name of its text, so the server keeps its plan',
    async () => {
      const { db } = store();
      const sql = 'SELECT $1::int + 1 AS next';
      const named = await db.transaction(async (tx) => {
        expect((await tx.query(sql, [1])).rows).toEqual([{ next: 2 }]);
        expect((await tx.query(sql, [41])).rows).toEqual([{ next: 42 }]);
        return (await tx.query<{ name: string }>('SELECT name FROM pg_prepared_statements')).rows;
      });
      expect(named.map((r) => r.name)).toContain(statementName(sql));
    },
  );

  it('passes parameters as values, never as SQL', async () => {
    const hostile = "x'); DROP TABLE schema_migrations; --";
    const { rows } = await store().db.query('SELECT $1::text AS value', [hostile]);
    expect(rows).toEqual([{ value: hostile }]);
  });

  it('commits a transaction whose work resolves, with its result', async () => {
    const { db } = store();
    await db.exec('CREATE TABLE tx_probe (n integer)');
    const result = await db.transaction(async (tx) => {
      await tx.query('INSERT INTO tx_probe VALUES ($1), ($2)', [1, 2]);
      return 'done';
    });
    expect(result).toBe('done');
    expect((await db.query('SELECT n FROM tx_probe ORDER BY n')).rows).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it("rolls back a transaction whose work throws, rethrowing the caller's error unchanged", async () => {
    const { db } = store();
    const own = new Error('the caller changed its mind');
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO tx_probe VALUES (3)');
        throw own;
      }),
    ).rejects.toBe(own);
    expect((await db.query('SELECT count(*)::int AS n FROM tx_probe WHERE n = 3')).rows).toEqual([{ n: 0 }]);
  });

  it('reports a statement the database refuses as DatabaseQueryError with its SQLSTATE only', async () => {
    const error = await store()
      .db.query("SELECT 'secret-value'::integer")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseQueryError);
    expect(error).toMatchObject({ sqlState: '22P02' });
    expect((error as Error).message).not.toContain('secret-value');
  });

  it('reports rowCount of changed rows', async () => {
    const result = await store().db.query('UPDATE tx_probe SET n = n + 10');
    expect(result.rowCount).toBe(2);
  });

  // Last: it closes the store of this suite.
  it('is unavailable (503) once closed, and closing twice is harmless', async () => {
    const { db } = store();
    await db.close();
    await db.close();
    await expect(db.query('SELECT 1')).rejects.toBeInstanceOf(DatabaseUnavailableError);
    await expect(db.transaction(async () => 1)).rejects.toBeInstanceOf(DatabaseUnavailableError);
  });
});

describe('PostgreSQL adapter without a server', () => {
  it('fails fast as DatabaseUnavailableError when nothing listens', async () => {
    const db = createPostgresDatabase({
      kind: 'postgres',
      url: 'postgres://hoi@127.0.0.1:1/none',
      connectTimeoutMs: 500,
    });
    await expect(db.query('SELECT 1')).rejects.toBeInstanceOf(DatabaseUnavailableError);
    await expect(db.transaction(async () => 1)).rejects.toBeInstanceOf(DatabaseUnavailableError);
    await db.close();
  });

  it('refuses a schema name that is not a plain identifier', () => {
    expect(() =>
      createPostgresDatabase({ kind: 'postgres', url: 'postgres://h/d', schema: 'x; DROP TABLE y' }),
    ).toThrow('schema must be a lower-case SQL identifier');
  });
});

describe('statementName', () => {
  it('names each text by its hash, the same every time, and sends texts beyond the bound unnamed', () => {
    const a = statementName('SELECT $1::text AS a');
    expect(a).toMatch(/^hoi_[0-9a-f]{24}$/);
    expect(statementName('SELECT $1::text AS a')).toBe(a);
    expect(statementName('SELECT $1::text AS b')).not.toBe(a);
    for (let i = 0; i < MAX_NAMED_STATEMENTS; i++) statementName(`SELECT $1::int + ${i}`);
    expect(statementName('SELECT $1::text AS never-named-before')).toBeUndefined();
    expect(statementName('SELECT $1::text AS a')).toBe(a);
  });
});
