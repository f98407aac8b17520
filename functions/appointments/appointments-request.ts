import * as z from 'zod/mini';
import { APPOINTMENT_KINDS, APPOINTMENT_STATUSES } from '../contracts/appointments.ts';
import { overrideDeclaration } from '../kit/child-access/override.ts';

/** Why the caseworker looks, as the audit log and the citizen's MinLog show it. */
export const PURPOSES = ['case_handling', 'care_coordination'] as const;
/**
 * The one reason a caseworker or PPR psychologist may override a block with
 * (POL-003.14): the guardian's consent, given in the situation. The værdispring
 * in the child's vital interest is a treating health professional's.
 */
export const OVERRIDE_REASONS = ['citizen_consent'] as const;

/** POL-003.11: appointments starting from this many days back to this many ahead, counted from the request. */
export const WINDOW_DAYS = { back: 30, ahead: 90 } as const;

/** `POST /v1/appointments/search`: the CPR number travels in the body, never in the URL. */
export const appointmentsRequest = z.strictObject({
  /** `DDMMYY-SSSS` or `DDMMYYSSSS`; validated by syntax, date and century, never modulus 11. */
  cpr: z.string().check(z.minLength(10), z.maxLength(11)),
  purpose: z.enum(PURPOSES),
  /** An override of the citizen's block with the guardian's consent; logged as such. */
  override: z.optional(overrideDeclaration(OVERRIDE_REASONS)),
});
export type AppointmentsRequest = z.infer<typeof appointmentsRequest>;

/** When, where and whom to call, what kind and its status: no diagnosis, no reason, no clinical text. */
export const appointment = z.object({
  start: z.string(),
  end: z.string(),
  /** `active` is booked; `completed`, `cancelled`, `aborted` as Aftaleoversigten says. */
  status: z.enum(APPOINTMENT_STATUSES),
  kind: z.enum(APPOINTMENT_KINDS),
  /** The kind as the unit names it, e.g. `Opfølgende samtale`. */
  kindTitle: z.string(),
  unit: z.object({ sor: z.string(), name: z.string(), phone: z.string() }),
});
export type ShownAppointment = z.infer<typeof appointment>;

export const appointmentsResponse = z.object({
  /** The period shown (POL-003.11): appointments starting in `[from, to)`. */
  window: z.object({ from: z.string(), to: z.string() }),
  /** Starting from now on, earliest first. */
  upcoming: z.array(appointment),
  /** Started before now, within the window, latest first. */
  recent: z.array(appointment),
  /** True when the answer rests on an override of the citizen's block. */
  overrideUsed: z.boolean(),
});
export type AppointmentsResponse = z.infer<typeof appointmentsResponse>;
