import { compiledPolicyPath } from '../build/compiled-policy.ts';
import type { Target } from '../targets/schema.ts';
import { KLE_PLAN_SETTING, klePlanPaths } from './kle-plans.ts';

/** Derived only when some municipality has them (POL-004.7); a target's `env` may not set them either. */
const CHOICE_SETTINGS = ['RELEVANT_CASES_BY_MUNICIPALITY', KLE_PLAN_SETTING] as const;

/**
 * The settings every deployment derives from its target rather than listing
 * them in `env` again: the municipalities it serves (the organisation the sync
 * keeps and the embedded evaluator loads), each municipality's identity
 * providers, the health side's, the audience tokens must carry, and the
 * municipalities' own relevant-case choices and KLE plans. A target's
 * own `env` may not set these (it would disagree with its municipalities).
 */
export function derivedEnv(target: Target): Record<string, string> {
  const own = target.municipalities
    .filter((m) => m.relevantCases !== undefined)
    // The image reads the compiled form (infra/build/compiled-policy.ts): it has no YAML parser.
    .map((m) => `${m.code}=${compiledPolicyPath(m.relevantCases!)}`)
    .join(',');
  const plans = klePlanPaths(target);
  return {
    AUTHZ_MUNICIPALITIES: target.municipalities.map((m) => m.code).join(','),
    AUTH_MUNICIPAL_ISSUERS: target.municipalities
      .flatMap((m) => m.issuers.map((issuer) => `${m.code}=${issuer}`))
      .join(','),
    AUTH_MUNICIPAL_AUDIENCE: target.tokenAudience,
    AUTH_HEALTH_ISSUER: target.health.issuer,
    AUTH_HEALTH_AUDIENCE: target.tokenAudience,
    ...(target.health.jwksUrl ? { AUTH_HEALTH_JWKS_URL: target.health.jwksUrl } : {}),
    ...(own ? { RELEVANT_CASES_BY_MUNICIPALITY: own } : {}),
    ...(plans ? { [KLE_PLAN_SETTING]: plans } : {}),
  };
}

/** The values a function's plain env keys take in `target`: derived ones, then the target's own. */
export function envValues(target: Target): Readonly<Record<string, string>> {
  const derived = derivedEnv(target);
  for (const key of new Set([...Object.keys(derived), ...CHOICE_SETTINGS])) {
    if (target.env[key] !== undefined) {
      throw new Error(
        `targets/${target.name}: env.${key} follows from the target's municipalities and health issuer; do not set it`,
      );
    }
  }
  return { ...target.env, ...derived };
}
