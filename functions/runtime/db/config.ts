import * as z from 'zod/mini';
import { ConfigError, parseEnv } from '../config/parse-env.ts';
import type { PgliteConfig } from './pglite.ts';
import { type PostgresConfig, SCHEMA_NAME } from './postgres.ts';

export type DatabaseConfig = PostgresConfig | PgliteConfig;

const boundedInt = (min: number, max: number, fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.gte(min), z.lte(max)), fallback);

/**
 * Reads where the database is: `DATABASE_URL` (PostgreSQL), else PGlite in
 * `PGLITE_DIR`, else PGlite in memory. `prefix` lets a tool read another
 * store's settings (`AUDIT_DATABASE_URL`, `AUDIT_PGLITE_DIR`).
 */
export function loadDatabaseConfig(
  env: Readonly<Record<string, string | undefined>>,
  prefix = '',
): DatabaseConfig {
  const name = {
    url: `${prefix}DATABASE_URL`,
    schema: `${prefix}DATABASE_SCHEMA`,
    poolMax: `${prefix}DATABASE_POOL_MAX`,
    connectTimeout: `${prefix}DATABASE_CONNECT_TIMEOUT_MS`,
    statementTimeout: `${prefix}DATABASE_STATEMENT_TIMEOUT_MS`,
    pgliteDir: `${prefix}PGLITE_DIR`,
  };
  const parsed = parseEnv(
    z.object({
      [name.url]: z.optional(z.url({ protocol: /^postgres(ql)?$/ })),
      [name.schema]: z.optional(
        z.string().check(z.regex(SCHEMA_NAME, 'must be a lower-case SQL identifier')),
      ),
      [name.poolMax]: boundedInt(1, 100, 10),
      [name.connectTimeout]: boundedInt(100, 60_000, 5000),
      [name.statementTimeout]: boundedInt(100, 600_000, 10_000),
      [name.pgliteDir]: z.optional(z.string()),
    }),
    env,
  ) as Record<string, string | number | undefined>;
  const url = parsed[name.url] as string | undefined;
  const dataDir = parsed[name.pgliteDir] as string | undefined;
  if (url !== undefined && dataDir !== undefined)
    throw new ConfigError(name.url, `and ${name.pgliteDir} exclude each other: set one`);
  if (url === undefined) return dataDir === undefined ? { kind: 'pglite' } : { kind: 'pglite', dataDir };
  const schema = parsed[name.schema] as string | undefined;
  return {
    kind: 'postgres',
    url,
    ...(schema ? { schema } : {}),
    maxConnections: parsed[name.poolMax] as number,
    connectTimeoutMs: parsed[name.connectTimeout] as number,
    statementTimeoutMs: parsed[name.statementTimeout] as number,
  };
}
