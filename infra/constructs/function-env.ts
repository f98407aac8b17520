import type { Target } from '../targets/schema.ts';

/**
 * The settings every deployment derives from its target rather than listing
 * them in `env` again: the municipalities it serves (the organisation the sync
 * keeps and the embedded evaluator loads), each municipality's identity
 * providers, the health side's, and the audience tokens must carry. A target's
 * own `env` may not set these (it would disagree with its municipalities).
 */
export function derivedEnv(target: Target): Record<string, string> {
  return {
    AUTHZ_MUNICIPALITIES: target.municipalities.map((m) => m.code).join(','),
    AUTH_MUNICIPAL_ISSUERS: target.municipalities
      .flatMap((m) => m.issuers.map((issuer) => `${m.code}=${issuer}`))
      .join(','),
    AUTH_MUNICIPAL_AUDIENCE: target.tokenAudience,
    AUTH_HEALTH_ISSUER: target.health.issuer,
    AUTH_HEALTH_AUDIENCE: target.tokenAudience,
    ...(target.health.jwksUrl ? { AUTH_HEALTH_JWKS_URL: target.health.jwksUrl } : {}),
  };
}

/** The values a function's plain env keys take in `target`: derived ones, then the target's own. */
export function envValues(target: Target): Readonly<Record<string, string>> {
  const derived = derivedEnv(target);
  for (const key of Object.keys(derived)) {
    if (target.env[key] !== undefined) {
      throw new Error(
        `targets/${target.name}: env.${key} follows from the target's municipalities and health issuer; do not set it`,
      );
    }
  }
  return { ...target.env, ...derived };
}
