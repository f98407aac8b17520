import * as z from 'zod/mini';
import { ConfigError, parseEnv } from '../config/parse-env.ts';
import { isMunicipalityCode } from '../reference/municipalities.ts';
import type { CitizenTokens } from './citizen-principal.ts';
import { openDevIssuer } from './dev-issuer.ts';
import type { TrustDomain } from './token-verifier.ts';

const httpUrl = z.url({ protocol: /^https?$/ });
const schema = z.object({
  /** `<code>=<issuer URL>` pairs, comma-separated: each municipality's IdP(s) for its own employees. */
  AUTH_MUNICIPAL_ISSUERS: z.optional(z.string()),
  AUTH_MUNICIPAL_AUDIENCE: z.optional(z.string()),
  AUTH_HEALTH_ISSUER: z.optional(z.string()),
  AUTH_HEALTH_AUDIENCE: z.optional(z.string()),
  /** Without it, the keys come from the issuer's OpenID discovery document. */
  AUTH_HEALTH_JWKS_URL: z.optional(httpUrl),
  /** The citizen IdP (MitID via NemLog-in): only for functions that declare citizen tokens. */
  AUTH_CITIZEN_ISSUER: z.optional(z.string()),
  AUTH_CITIZEN_AUDIENCE: z.optional(z.string()),
  AUTH_CITIZEN_JWKS_URL: z.optional(httpUrl),
  AUTH_CITIZEN_CPR_CLAIM: z.optional(z.string()),
  /** Local development only: trust the dev issuers whose key is in this file. */
  AUTH_DEV_KEY_FILE: z.optional(z.string()),
});

/**
 * The identity providers a function trusts: each municipality's IdP, which
 * vouches only for that municipality's employees, and the health side's — or,
 * for local runs, the development issuers. At least one must be configured.
 * `citizens` (the pseudonym key) is given only to a function that declares
 * citizen tokens: then the citizen IdP (`AUTH_CITIZEN_*`) is trusted too, and
 * nowhere else.
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
  const domains: TrustDomain[] = [...municipalDomains(parsed)];
  if (citizenTokens && (parsed.AUTH_CITIZEN_ISSUER || parsed.AUTH_CITIZEN_AUDIENCE)) {
    if (!parsed.AUTH_CITIZEN_ISSUER)
      throw new ConfigError('AUTH_CITIZEN_ISSUER', 'is required with AUTH_CITIZEN_*');
    if (!parsed.AUTH_CITIZEN_AUDIENCE)
      throw new ConfigError('AUTH_CITIZEN_AUDIENCE', 'is required with AUTH_CITIZEN_ISSUER');
    domains.push({
      name: 'citizen',
      issuer: parsed.AUTH_CITIZEN_ISSUER,
      audience: parsed.AUTH_CITIZEN_AUDIENCE,
      citizens: citizenTokens,
      ...(parsed.AUTH_CITIZEN_JWKS_URL ? { jwksUrl: parsed.AUTH_CITIZEN_JWKS_URL } : {}),
    });
  }
  if (parsed.AUTH_HEALTH_ISSUER || parsed.AUTH_HEALTH_AUDIENCE || parsed.AUTH_HEALTH_JWKS_URL) {
    if (!parsed.AUTH_HEALTH_ISSUER)
      throw new ConfigError('AUTH_HEALTH_ISSUER', 'is required with AUTH_HEALTH_*');
    if (!parsed.AUTH_HEALTH_AUDIENCE)
      throw new ConfigError('AUTH_HEALTH_AUDIENCE', 'is required with AUTH_HEALTH_ISSUER');
    domains.push({
      name: 'health',
      issuer: parsed.AUTH_HEALTH_ISSUER,
      audience: parsed.AUTH_HEALTH_AUDIENCE,
      ...(parsed.AUTH_HEALTH_JWKS_URL ? { jwksUrl: parsed.AUTH_HEALTH_JWKS_URL } : {}),
    });
  }
  if (parsed.AUTH_DEV_KEY_FILE) {
    domains.push(...(await openDevIssuer(parsed.AUTH_DEV_KEY_FILE, citizenTokens)).trustDomains);
  }
  if (domains.length === 0) {
    throw new ConfigError(
      'AUTH_MUNICIPAL_ISSUERS',
      'or AUTH_HEALTH_ISSUER (or AUTH_DEV_KEY_FILE locally) is required',
    );
  }
  return domains;
}

function municipalDomains(parsed: z.infer<typeof schema>): TrustDomain[] {
  const list = parsed.AUTH_MUNICIPAL_ISSUERS?.trim();
  if (!list) {
    if (parsed.AUTH_MUNICIPAL_AUDIENCE)
      throw new ConfigError('AUTH_MUNICIPAL_ISSUERS', 'is required with AUTH_MUNICIPAL_AUDIENCE');
    return [];
  }
  const audience = parsed.AUTH_MUNICIPAL_AUDIENCE;
  if (!audience) throw new ConfigError('AUTH_MUNICIPAL_AUDIENCE', 'is required with AUTH_MUNICIPAL_ISSUERS');
  return list.split(',').map((pair, i) => {
    const match = /^\s*(\d{3})=(https?:\/\/\S+)\s*$/.exec(pair);
    if (!match) {
      throw new ConfigError(
        'AUTH_MUNICIPAL_ISSUERS',
        `entry ${i + 1} must be <municipality code>=<issuer URL>`,
      );
    }
    if (!isMunicipalityCode(match[1]!)) {
      throw new ConfigError(
        'AUTH_MUNICIPAL_ISSUERS',
        `entry ${i + 1}: ${match[1]} is no Danish municipality`,
      );
    }
    return { name: 'municipal' as const, issuer: match[2]!, municipality: match[1]!, audience };
  });
}
