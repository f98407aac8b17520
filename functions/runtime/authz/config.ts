import * as z from 'zod/mini';
import { ConfigError, parseEnv } from '../config/parse-env.ts';

/** OpenFGA store and model ids are ULIDs. */
const ulid = z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a ULID'));

/**
 * The oldest a replica's view may be and still decide (POL-002.6): the OpenFGA
 * server's own check cache (`OPENFGA_CHECK_QUERY_CACHE_TTL`, infra/constructs/openfga.ts)
 * already answers from a view up to 10 s old, so a replica within it changes
 * no revocation's reach.
 */
export const REPLICA_STALENESS_CEILING_MS = 10_000;

const schema = z.object({
  AUTHZ_MODE: z._default(z.enum(['embedded', 'openfga']), 'embedded'),
  FGA_API_URL: z.optional(z.url({ protocol: /^https?$/ })),
  FGA_STORE_ID: z.optional(ulid),
  FGA_MODEL_ID: z.optional(ulid),
  FGA_API_TOKEN: z.optional(z.string()),
  FGA_TIMEOUT_MS: z._default(z.coerce.number().check(z.int(), z.gte(50), z.lte(30_000)), 2000),
  FGA_MAX_RETRIES: z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(5)), 2),
  AUTHZ_REPLICA: z._default(z.enum(['off', 'on']), 'off'),
  AUTHZ_REPLICA_POLL_MS: z._default(z.coerce.number().check(z.int(), z.gte(100), z.lte(5000)), 1000),
  AUTHZ_REPLICA_MAX_STALENESS_MS: z._default(
    z.coerce.number().check(z.int(), z.gte(200), z.lte(REPLICA_STALENESS_CEILING_MS)),
    5000,
  ),
  AUTHZ_REPLICA_MAX_TUPLES: z._default(
    z.coerce.number().check(z.int(), z.gte(1000), z.lte(2_000_000)),
    100_000,
  ),
});

/**
 * A copy of the store's organisation tuples in the function, kept by OpenFGA's
 * ReadChanges, that decides a check in process while it is fresh
 * (replica-authorizer.ts). Absent: every check goes to the server.
 */
export interface ReplicaConfig {
  /** How often the copy asks the server for changes. */
  readonly pollMs: number;
  /** A copy last caught up longer ago than this decides nothing: the server does. */
  readonly maxStalenessMs: number;
  /** A copy that would hold more tuples than this is dropped (memory): the server decides. */
  readonly maxTuples: number;
}

export interface EmbeddedAuthzConfig {
  readonly mode: 'embedded';
}

export interface OpenFgaAuthzConfig {
  readonly mode: 'openfga';
  readonly apiUrl: string;
  readonly storeId: string;
  readonly modelId: string;
  /** Preshared key; absent when the server runs without authentication (local only). */
  readonly apiToken?: string;
  /** Deadline of one HTTP call to OpenFGA, retries included. */
  readonly timeoutMs: number;
  /** Retries of read calls (check, list objects) on network errors, 429 and 5xx. Writes never retry. */
  readonly maxRetries: number;
  /** The in-process copy of the store; absent (AUTHZ_REPLICA=off, the default): the server decides every check. */
  readonly replica?: ReplicaConfig;
}

export type AuthzConfig = EmbeddedAuthzConfig | OpenFgaAuthzConfig;

/** Reads the authorizer's settings; in `openfga` mode the server's URL, store and model are required. */
export function loadAuthzConfig(env: Readonly<Record<string, string | undefined>>): AuthzConfig {
  const parsed = parseEnv(schema, env);
  if (parsed.AUTHZ_MODE === 'embedded') return { mode: 'embedded' };
  const apiUrl = required(parsed.FGA_API_URL, 'FGA_API_URL');
  return {
    mode: 'openfga',
    apiUrl: apiUrl.replace(/\/+$/, ''),
    storeId: required(parsed.FGA_STORE_ID, 'FGA_STORE_ID'),
    modelId: required(parsed.FGA_MODEL_ID, 'FGA_MODEL_ID'),
    ...(parsed.FGA_API_TOKEN ? { apiToken: parsed.FGA_API_TOKEN } : {}),
    timeoutMs: parsed.FGA_TIMEOUT_MS,
    maxRetries: parsed.FGA_MAX_RETRIES,
    ...(parsed.AUTHZ_REPLICA === 'on' ? { replica: replicaConfig(parsed) } : {}),
  };
}

function replicaConfig(parsed: z.infer<typeof schema>): ReplicaConfig {
  const pollMs = parsed.AUTHZ_REPLICA_POLL_MS;
  const maxStalenessMs = parsed.AUTHZ_REPLICA_MAX_STALENESS_MS;
  // Two polls' margin: one slow answer must not leave a healthy copy stale.
  if (maxStalenessMs < 2 * pollMs)
    throw new ConfigError(
      'AUTHZ_REPLICA_MAX_STALENESS_MS',
      `must be at least twice AUTHZ_REPLICA_POLL_MS (${2 * pollMs})`,
    );
  return { pollMs, maxStalenessMs, maxTuples: parsed.AUTHZ_REPLICA_MAX_TUPLES };
}

function required(value: string | undefined, variable: string): string {
  if (value === undefined) throw new ConfigError(variable, 'is required when AUTHZ_MODE=openfga');
  return value;
}
