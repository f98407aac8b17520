import * as z from 'zod/mini';

/** Why the professional looks, as the audit log and the citizen's MinLog show it. */
export const PURPOSES = ['treatment', 'care_coordination', 'referral'] as const;
/** The reasons a Min Spærring block may be overridden (the model's `override_reason_accepted`). */
export const OVERRIDE_REASONS = ['citizen_consent', 'vital_interest'] as const;

/** `POST /v1/relevant-cases/search`: the CPR number travels in the body, never in the URL. */
export const searchRequest = z.strictObject({
  /** `DDMMYY-SSSS` or `DDMMYYSSSS`; validated by syntax, date and century, never modulus 11. */
  cpr: z.string().check(z.minLength(10), z.maxLength(11)),
  purpose: z.enum(PURPOSES),
  /** A værdispring over the citizen's block; logged as such. */
  override: z.optional(z.strictObject({ reason: z.enum(OVERRIDE_REASONS) })),
});
export type SearchRequest = z.infer<typeof searchRequest>;

export const relevantCase = z.object({
  municipality: z.object({ code: z.string(), name: z.string() }),
  responsibleUnit: z.object({ name: z.string(), phone: z.string(), secureEmail: z.nullable(z.string()) }),
  /** Since when the case has been in its current progress state. */
  since: z.string(),
});

/** Existence and contact only (POL-004.6): no case title, KLE number or title, content, number or caseworker. */
export const searchResponse = z.object({
  hasRelevantCase: z.boolean(),
  cases: z.array(relevantCase),
  /** True when the answer rests on an override of the citizen's block. */
  overrideUsed: z.boolean(),
});
export type SearchResponse = z.infer<typeof searchResponse>;
