import * as z from 'zod/mini';
import { INSTITUTION_TYPES } from '../contracts/institutions.ts';
import { healthRequest } from '../kit/child-access/health-request.ts';

export {
  HEALTH_OVERRIDE_REASONS as OVERRIDE_REASONS,
  HEALTH_PURPOSES as PURPOSES,
} from '../kit/child-access/health-request.ts';

/**
 * `POST /v1/school-or-daycare/search`: the CPR number travels in the body, never in the URL.
 * An override lifts a citizen's block, never address protection.
 */
export const schoolRequest = healthRequest;
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
