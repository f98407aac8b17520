import { describe, expect, it } from 'vitest';
import { DatabaseQueryError, DatabaseUnavailableError, toDatabaseError } from './errors.ts';

const serverError = (code: string) =>
  Object.assign(new Error('value 6101901234 is bad'), { severity: 'ERROR', code });

describe('toDatabaseError', () => {
  it.each(['08006', '28P01', '3D000', '40P01', '53300', '57P01', '57014', '55P03'])(
    'maps server state %s to unavailable (503)',
    (code) => {
      expect(toDatabaseError(serverError(code))).toBeInstanceOf(DatabaseUnavailableError);
    },
  );

  it('maps network errors, even a five-letter EPIPE, to unavailable', () => {
    expect(toDatabaseError(Object.assign(new Error('x'), { code: 'EPIPE' }))).toBeInstanceOf(
      DatabaseUnavailableError,
    );
    expect(toDatabaseError(new Error('PGlite is closed'))).toBeInstanceOf(DatabaseUnavailableError);
  });

  it('maps a refused statement to DatabaseQueryError without the driver message, which may quote values', () => {
    const error = toDatabaseError(serverError('23505'));
    expect(error).toBeInstanceOf(DatabaseQueryError);
    expect(error.message).toBe('database refused the statement (SQLSTATE 23505)');
    expect((error.cause as Error).message).toContain('6101901234');
  });

  it('keeps an already typed error as it is', () => {
    const typed = new DatabaseUnavailableError('down');
    expect(toDatabaseError(typed)).toBe(typed);
  });
});
