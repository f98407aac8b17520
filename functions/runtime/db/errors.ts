/**
 * The database could not be reached or cannot serve now (connection refused or
 * lost, pool closed or exhausted, server shutting down, lock or statement
 * timeout). Transient from the caller's view: the HTTP layer answers 503.
 */
export class DatabaseUnavailableError extends Error {
  readonly sqlState: string | undefined;

  constructor(message: string, options: { cause?: unknown; sqlState?: string } = {}) {
    super(message, { cause: options.cause });
    this.name = 'DatabaseUnavailableError';
    this.sqlState = options.sqlState;
  }
}

/**
 * The database answered and refused the statement (syntax, constraint, a
 * trigger such as the audit log's append-only rule). The message carries only
 * the SQLSTATE, because driver messages can quote values; the driver's error
 * stays in `cause`.
 */
export class DatabaseQueryError extends Error {
  readonly sqlState: string;

  constructor(sqlState: string, options: { cause?: unknown } = {}) {
    super(`database refused the statement (SQLSTATE ${sqlState})`, { cause: options.cause });
    this.name = 'DatabaseQueryError';
    this.sqlState = sqlState;
  }
}

export type DatabaseError = DatabaseUnavailableError | DatabaseQueryError;

export function isDatabaseError(error: unknown): error is DatabaseError {
  return error instanceof DatabaseUnavailableError || error instanceof DatabaseQueryError;
}

/**
 * SQLSTATE classes meaning "cannot serve now" rather than "this statement is
 * wrong": connection (08), authorization (28), unknown database (3D),
 * rollback/deadlock (40), resources (53), operator intervention and timeouts
 * (57), system (58), lock not available (55P03).
 */
const UNAVAILABLE_CLASSES = new Set(['08', '28', '3D', '40', '53', '57', '58']);

/** Maps whatever `pg` or PGlite threw to one of the two typed errors. */
export function toDatabaseError(error: unknown): DatabaseError {
  if (isDatabaseError(error)) return error;
  const sqlState = sqlStateOf(error);
  if (sqlState === undefined) return new DatabaseUnavailableError('database unavailable', { cause: error });
  if (UNAVAILABLE_CLASSES.has(sqlState.slice(0, 2)) || sqlState === '55P03')
    return new DatabaseUnavailableError(`database unavailable (SQLSTATE ${sqlState})`, {
      cause: error,
      sqlState,
    });
  return new DatabaseQueryError(sqlState, { cause: error });
}

/**
 * Only a server's error report has a SQLSTATE. Node network errors also carry a
 * `code` (`ECONNREFUSED`, even the five-letter `EPIPE`), but never a `severity`.
 */
function sqlStateOf(error: unknown): string | undefined {
  const report = error as { code?: unknown; severity?: unknown } | null;
  if (typeof report?.severity !== 'string' || typeof report.code !== 'string') return undefined;
  return /^[0-9A-Z]{5}$/.test(report.code) ? report.code : undefined;
}
