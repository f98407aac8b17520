import * as z from 'zod/mini';
import { overrideDeclaration } from './override.ts';

/** Why a health professional looks, as the audit log and the citizen's MinLog show it. */
export const HEALTH_PURPOSES = ['treatment', 'care_coordination', 'referral'] as const;
/** The reasons a Min Spærring block may be overridden by a health professional (`override_reason_accepted`). */
export const HEALTH_OVERRIDE_REASONS = ['citizen_consent', 'vital_interest'] as const;

/**
 * The body of a health professional's child-access request: the CPR number
 * (`DDMMYY-SSSS` or `DDMMYYSSSS`, validated by syntax, date and century, never
 * modulus 11) travels here, never in the URL; an override is a værdispring over
 * the citizen's block, logged as such.
 */
export const healthRequest = z.strictObject({
  cpr: z.string().check(z.minLength(10), z.maxLength(11)),
  purpose: z.enum(HEALTH_PURPOSES),
  override: z.optional(overrideDeclaration(HEALTH_OVERRIDE_REASONS)),
});
