import * as z from 'zod/mini';
import { ConfigError, parseEnv } from '../config/parse-env.ts';
import type { CitizenTokens } from './citizen-principal.ts';
import { openDevIssuer } from './dev-issuer.ts';
import type { TrustDomain } from './token-verifier.ts';

const schema = z.object({
  AUTH_MUNICIPAL_ISSUER: z.optional(z.string()),
  AUTH_MUNICIPAL_AUDIENCE: z.optional(z.string()),
  AUTH_MUNICIPAL_JWKS_URL: z.optional(z.url({ protocol: /^https?$/ })),
  AUTH_HEALTH_ISSUER: z.optional(z.string()),
  AUTH_HEALTH_AUDIENCE: z.optional(z.string()),
  AUTH_HEALTH_JWKS_URL: z.optional(z.url({ protocol: /^https?$/ })),
  AUTH_CITIZEN_ISSUER: z.optional(z.string()),
  AUTH_CITIZEN_AUDIENCE: z.optional(z.string()),
  AUTH_CITIZEN_JWKS_URL: z.optional(z.url({ protocol: /^https?$/ })),
  AUTH_CITIZEN_CPR_CLAIM: z.optional(z.string()),
  /** Local development only: trust the dev issuer whose key is in this file. */
  AUTH_DEV_KEY_FILE: z.optional(z.string()),
});

/**
 * The identity providers a function trusts: the municipal IdP and the health
 * side's, each by issuer, audience and JWKS URL — or, for local runs, the
 * development issuer. At least one must be configured. `citizens` (the
 * pseudonym key) is given only to a function that declares citizen tokens: then
 * the citizen IdP (MitID, `AUTH_CITIZEN_*`) is trusted too, and nowhere else.
 */
export async function loadTrustDomains(
  env: Readonly<Record<string, string | undefined>>,
  citizens?: { readonly pseudonymKey: Uint8Array },
): Promise<TrustDomain[]> {
  const parsed = parseEnv(schema, env);
  const citizenTokens: CitizenTokens | undefined = citizens && {
    pseudonymKey: citizens.pseudonymKey,
    ...(parsed.AUTH_CITIZEN_CPR_CLAIM ? { cprClaim: parsed.AUTH_CITIZEN_CPR_CLAIM } : {}),
  };
  const domains: TrustDomain[] = [];
  for (const [name, prefix] of [
    ['municipal', 'AUTH_MUNICIPAL'],
    ['health', 'AUTH_HEALTH'],
    ...(citizenTokens ? ([['citizen', 'AUTH_CITIZEN']] as const) : []),
  ] as const) {
    const issuer = parsed[`${prefix}_ISSUER`];
    const audience = parsed[`${prefix}_AUDIENCE`];
    const jwksUrl = parsed[`${prefix}_JWKS_URL`];
    if (!issuer && !audience && !jwksUrl) continue;
    if (!issuer) throw new ConfigError(`${prefix}_ISSUER`, `is required with the other ${prefix}_* settings`);
    if (!audience) throw new ConfigError(`${prefix}_AUDIENCE`, `is required with ${prefix}_ISSUER`);
    if (!jwksUrl) throw new ConfigError(`${prefix}_JWKS_URL`, `is required with ${prefix}_ISSUER`);
    domains.push({
      name,
      issuer,
      audience,
      jwksUrl,
      ...(name === 'citizen' ? { citizens: citizenTokens } : {}),
    });
  }
  if (parsed.AUTH_DEV_KEY_FILE)
    domains.push(...(await openDevIssuer(parsed.AUTH_DEV_KEY_FILE, citizenTokens)).trustDomains);
  if (domains.length === 0) {
    throw new ConfigError(
      'AUTH_MUNICIPAL_ISSUER',
      'or AUTH_HEALTH_ISSUER (or AUTH_DEV_KEY_FILE locally) is required',
    );
  }
  return domains;
}
