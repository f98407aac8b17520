/** A row as the driver returns it: column name → value (int8 may arrive as string or number). */
export type Row = Record<string, unknown>;

export interface QueryResult<R extends Row = Row> {
  readonly rows: R[];
  /** Rows changed by INSERT/UPDATE/DELETE, otherwise rows returned. */
  readonly rowCount: number;
}

/** What both a database and an open transaction can do. */
export interface Queryable {
  /** One statement with `$1…$n` parameters, never interpolated into the SQL text. */
  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** A script of several statements without parameters (migrations, test set-up). */
  exec(sql: string): Promise<void>;
}

/**
 * The one database of a process, shared by the audit log and the correspondence
 * outbox. Every failure is a `DatabaseUnavailableError` (answer 503) or a
 * `DatabaseQueryError` (a bug or a violated rule: answer 500).
 */
export interface Database extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /**
   * Runs `work` in one transaction on one connection: committed when it
   * resolves, rolled back when it throws (its error is rethrown unchanged).
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Idempotent. Later calls fail with `DatabaseUnavailableError`. */
  close(): Promise<void>;
}
