import * as z from 'zod/mini';
import { type AdapterOptions, adapterClient } from './adapter-options.ts';
import { sorCode, subjectId } from './wire.ts';

export const staffMemberWire = z.object({ subject: subjectId, name: z.string().check(z.minLength(1)) });
export type StaffMember = z.infer<typeof staffMemberWire>;

export const gpClinicWire = z.object({
  sor: sorCode,
  name: z.string().check(z.minLength(1)),
  phone: z.string().check(z.minLength(1)),
  staff: z.array(staffMemberWire),
  /** Who audits the clinic's access log (the practice's data-responsible doctor or a delegate); none when left out. */
  auditors: z.optional(z.array(staffMemberWire)),
});
export type GpClinic = z.infer<typeof gpClinicWire>;

export const psychiatryUnitWire = z.object({
  sor: sorCode,
  name: z.string().check(z.minLength(1)),
  /** The SOR unit directly above, `null` for the top of the region's BUP tree. */
  parentSor: z.nullable(sorCode),
  phone: z.string().check(z.minLength(1)),
  staff: z.array(staffMemberWire),
  /** The region's auditors of the unit's access log; none when left out. */
  auditors: z.optional(z.array(staffMemberWire)),
});
export type PsychiatryUnit = z.infer<typeof psychiatryUnitWire>;

export const clinicsAnswer = z.object({ clinics: z.array(gpClinicWire) });
export const psychiatryUnitsAnswer = z.object({ units: z.array(psychiatryUnitWire) });

/** SOR and the region's staff lists: the pilot's GP clinics and BUP units. */
export interface HealthOrganisation {
  clinics(): Promise<readonly GpClinic[]>;
  psychiatryUnits(): Promise<readonly PsychiatryUnit[]>;
}

export function createHealthOrganisation(options: AdapterOptions): HealthOrganisation {
  const client = adapterClient('SOR', options);
  return {
    clinics: async () => (await client.getJson('/health/clinics', clinicsAnswer))!.clinics,
    psychiatryUnits: async () =>
      (await client.getJson('/health/psychiatry-units', psychiatryUnitsAnswer))!.units,
  };
}
