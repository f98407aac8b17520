import * as z from 'zod/mini';
import { appointmentWire } from '../../contracts/appointments.ts';
import { caseWire } from '../../contracts/case-index.ts';
import { blockWire } from '../../contracts/citizen-blocks.ts';
import { auditorWire, employeeWire, orgUnitWire } from '../../contracts/fk-organisation.ts';
import { gpClinicWire, psychiatryUnitWire } from '../../contracts/health-organisation.ts';
import { institutionWire } from '../../contracts/institutions.ts';
import { courseWire } from '../../contracts/psychiatry-courses.ts';
import { municipalityCode, sorCode } from '../../contracts/wire.ts';
import { parseCpr } from '../../runtime/cpr/cpr.ts';

/**
 * The sandbox's whole world, as generated or as loaded from `SANDBOX_DATA_FILE`.
 * Every record reuses the upstream contract schemas, and every CPR number must be
 * a substitute number (day + 60): a file with a possibly real number is refused.
 */
const syntheticCpr = z.string().check(
  z.refine((value) => {
    const parsed = parseCpr(value);
    return /^\d{10}$/.test(value) && parsed.ok && parsed.cpr.synthetic;
  }, 'must be a synthetic CPR substitute number (DDMMYYSSSS with day + 60)'),
);

export const adultRecord = z.object({
  cpr: syntheticCpr,
  name: z.string().check(z.minLength(1)),
  residenceMunicipality: municipalityCode,
  addressProtected: z.boolean(),
});
export type AdultRecord = z.infer<typeof adultRecord>;

export const childRecord = z.object({
  cpr: syntheticCpr,
  name: z.string().check(z.minLength(1)),
  residenceMunicipality: municipalityCode,
  custodyHolders: z.array(syntheticCpr),
  addressProtected: z.boolean(),
  /** Sygesikring listing; `null` when not listed. */
  gpClinicSor: z.nullable(sorCode),
  institution: z.nullable(institutionWire),
  /** Cases with the child as primary party, closed ones included. */
  cases: z.array(caseWire),
  /** Every psychiatry course, ended ones included; the lookup hides those that ended. */
  courses: z.array(courseWire),
  /** Min Spærring blocks the child's guardians hold for it. */
  blocks: z._default(z.array(blockWire), []),
  /** Aftaleoversigten: the child's BUP appointments, past and booked; the search answers a period. */
  appointments: z._default(z.array(appointmentWire), []),
});
export type ChildRecord = z.infer<typeof childRecord>;

export const sandboxDataSchema = z.object({
  synthetic: z.literal(true),
  /** How the data was made, for a human reading the file. */
  generator: z.optional(z.object({ seed: z.number(), today: z.string() })),
  municipalities: z.array(z.object({ code: municipalityCode, name: z.string().check(z.minLength(1)) })),
  units: z.array(orgUnitWire),
  employees: z.array(employeeWire),
  auditors: z.array(auditorWire),
  clinics: z.array(gpClinicWire),
  psychiatryUnits: z.array(psychiatryUnitWire),
  adults: z.array(adultRecord),
  children: z.array(childRecord),
});
export type SandboxData = z.infer<typeof sandboxDataSchema>;
