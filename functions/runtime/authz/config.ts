import * as z from 'zod/mini';
import { ConfigError, parseEnv } from '../config/parse-env.ts';

/** OpenFGA store and model ids are ULIDs. */
const ulid = z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a ULID'));

const schema = z.object({
  AUTHZ_MODE: z._default(z.enum(['embedded', 'openfga']), 'embedded'),
  FGA_API_URL: z.optional(z.url({ protocol: /^https?$/ })),
  FGA_STORE_ID: z.optional(ulid),
  FGA_MODEL_ID: z.optional(ulid),
  FGA_API_TOKEN: z.optional(z.string()),
  FGA_TIMEOUT_MS: z._default(z.coerce.number().check(z.int(), z.gte(50), z.lte(30_000)), 2000),
  FGA_MAX_RETRIES: z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(5)), 2),
});

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
  };
}

function required(value: string | undefined, variable: string): string {
  if (value === undefined) throw new ConfigError(variable, 'is required when AUTHZ_MODE=openfga');
  return value;
}
