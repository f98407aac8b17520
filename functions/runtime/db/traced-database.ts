import { trace } from '@opentelemetry/api';
import { SpanKind, withSpan } from '../telemetry/instruments.ts';
import type { Database, Queryable, Row } from './database.ts';

/**
 * Client spans for the database's statements (OpenTelemetry's database
 * conventions), made here rather than by patching the driver: the same spans
 * for PostgreSQL and PGlite, no module-loading hook at start, and only inside
 * a traced request — a statement with no span around it (the start's
 * migrations, a readiness probe) makes none. The statement's text is the
 * code's own SQL, always parameterised; parameters, which hold personal data,
 * are never recorded.
 */
export function tracedDatabase(db: Database): Database {
  return {
    kind: db.kind,
    ...traced(db),
    transaction: (work) => {
      const run = () => db.transaction((tx) => work(traced(tx)));
      return traceable()
        ? withSpan('transaction', { ...DB, 'db.operation.name': 'transaction' }, run, SpanKind.CLIENT)
        : run();
    },
    close: () => db.close(),
  };
}

const DB = { 'db.system.name': 'postgresql' } as const;

/** Whether a request's span is active: statements are traced as its children only. */
const traceable = () => trace.getActiveSpan() !== undefined;

/** `SELECT`, `INSERT`, … : the statement's first keyword. */
export function operationOf(sql: string): string {
  return /^\s*([A-Za-z]+)/.exec(sql)?.[1]?.toUpperCase() ?? 'statement';
}

function traced(target: Queryable): Queryable {
  return {
    query<R extends Row>(sql: string, params?: readonly unknown[]) {
      if (!traceable()) return target.query<R>(sql, params);
      const operation = operationOf(sql);
      return withSpan(
        operation,
        { ...DB, 'db.operation.name': operation, 'db.query.text': sql },
        async (annotate) => {
          const result = await target.query<R>(sql, params);
          annotate({ 'db.response.returned_rows': result.rows.length });
          return result;
        },
        SpanKind.CLIENT,
      );
    },
    exec: (sql) =>
      traceable()
        ? withSpan(
            'script',
            { ...DB, 'db.operation.name': 'script' },
            () => target.exec(sql),
            SpanKind.CLIENT,
          )
        : target.exec(sql),
  };
}
