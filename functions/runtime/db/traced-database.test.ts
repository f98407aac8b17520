import { describe, expect, it } from 'vitest';
import { operationOf } from './traced-database.ts';

describe('operationOf', () => {
  it('names a statement by its first keyword, whatever the case and the leading space', () => {
    expect(operationOf('SELECT 1')).toBe('SELECT');
    expect(operationOf('\n  insert into audit_entry (a) values ($1)')).toBe('INSERT');
    expect(operationOf('WITH x AS (SELECT 1) SELECT * FROM x')).toBe('WITH');
    expect(operationOf('  ')).toBe('statement');
  });
});
