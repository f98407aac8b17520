import * as z from 'zod/mini';
import { ConfigError, parseEnv } from './parse-env.ts';

const url = z.optional(z.url({ protocol: /^https?$/ }));

/**
 * Base URLs of the upstreams a function calls, one variable each (they live on
 * different hosts in production: FK, NSP, the region), each falling back to
 * `UPSTREAM_BASE_URL` (the sandbox serves every contract on one base).
 */
export function loadUpstreamUrls<const V extends string>(
  env: Readonly<Record<string, string | undefined>>,
  variables: readonly V[],
): { urls: Record<V, string>; timeoutMs: number } {
  const parsed = parseEnv(
    z.object({
      UPSTREAM_BASE_URL: url,
      UPSTREAM_TIMEOUT_MS: z._default(z.coerce.number().check(z.int(), z.gte(50), z.lte(60_000)), 3000),
      ...Object.fromEntries(variables.map((v) => [v, url])),
    }),
    env,
  ) as Record<string, string | number | undefined>;
  const urls = {} as Record<V, string>;
  for (const variable of variables) {
    const value = (parsed[variable] ?? parsed.UPSTREAM_BASE_URL) as string | undefined;
    if (!value) throw new ConfigError(variable, 'is required (or UPSTREAM_BASE_URL for all upstreams)');
    urls[variable] = value;
  }
  return { urls, timeoutMs: parsed.UPSTREAM_TIMEOUT_MS as number };
}
