import * as z from 'zod/mini';
import { INSTITUTION_TYPES } from '../contracts/institutions.ts';

/** Why the professional looks, as the audit log and the citizen's MinLog show it. */
export const PURPOSES = ['treatment', 'care_coordination', 'referral'] as const;
/** The reasons a Min Spærring block may be overridden (the model's `override_reason_accepted`). */
export const OVERRIDE_REASONS = ['citizen_consent', 'vital_interest'] as const;

/** `POST /v1/school-or-daycare/search`: the CPR number travels in the body, never in the URL. */
export const schoolRequest = z.strictObject({
  /** `DDMMYY-SSSS` or `DDMMYYSSSS`; validated by syntax, date and century, never modulus 11. */
  cpr: z.string().check(z.minLength(10), z.maxLength(11)),
  purpose: z.enum(PURPOSES),
  /** A værdispring over the citizen's block; logged as such. It never lifts address protection. */
  override: z.optional(z.strictObject({ reason: z.enum(OVERRIDE_REASONS) })),
});
export type SchoolRequest = z.infer<typeof schoolRequest>;

export const institution = z.object({
  type: z.enum(INSTITUTION_TYPES),
  name: z.string(),
  /** STIL's institution number (Skolegrunddata / Dagtilbudsregisteret). */
  institutionNumber: z.string(),
  municipality: z.object({ code: z.string(), name: z.string() }),
  address: z.object({ street: z.string(), postalCode: z.string(), city: z.string() }),
  phone: z.string(),
  /** The head of the institution (skoleleder, dagtilbudsleder), at work. */
  mainContact: z.object({
    name: z.string(),
    title: z.string(),
    phone: z.string(),
    email: z.nullable(z.string()),
  }),
});

/** Where the child is enrolled and whom to call: nothing about the child there, nothing about cases. */
export const schoolResponse = z.object({
  /** False, with `institution: null`, when the child is enrolled nowhere. */
  enrolled: z.boolean(),
  institution: z.nullable(institution),
  /** True when the answer rests on an override of the citizen's block. */
  overrideUsed: z.boolean(),
});
export type SchoolResponse = z.infer<typeof schoolResponse>;
