import * as z from 'zod/mini';
import { AppError } from '../runtime/http/app-error.ts';
import { type AdapterOptions, adapterClient } from './adapter-options.ts';
import { contactPoint, kleNumber, municipalityCode, sensitivityLevel, subjectId, unitId } from './wire.ts';

/** FK Organisation KLE task roles (Udførende and Indsigt without the Danish letters). */
export const KLE_TASK_ROLES = ['Ansvarlig', 'Udfoerende', 'Indsigt'] as const;
/** OS2rollekatalog roles the authorization model knows; `member` is an engagement without a role. */
export const EMPLOYEE_ROLES = ['caseworker', 'ppr_psychologist', 'leader', 'member'] as const;
export type EmployeeRole = (typeof EMPLOYEE_ROLES)[number];

export const kleTaskWire = z.object({ kle: kleNumber, role: z.enum(KLE_TASK_ROLES) });

export const orgUnitWire = z
  .object({
    id: unitId,
    municipality: municipalityCode,
    name: z.string().check(z.minLength(1)),
    parentId: z.nullable(unitId),
    passesKleDown: z.boolean(),
    kleTasks: z.array(kleTaskWire),
    contact: contactPoint,
  })
  .check(z.refine((u) => u.id.startsWith(`${u.municipality}-`), 'the unit id must carry its municipality'));
export type OrgUnit = z.infer<typeof orgUnitWire>;
export type KleTask = z.infer<typeof kleTaskWire>;

export const employeeWire = z.object({
  subject: subjectId,
  name: z.string().check(z.minLength(1)),
  municipality: municipalityCode,
  unitId,
  roles: z.array(z.enum(EMPLOYEE_ROLES)),
  /** The highest sensitivity level the employee is cleared for; clearance is cumulative. */
  clearance: z.nullable(sensitivityLevel),
});
export type Employee = z.infer<typeof employeeWire>;

export const auditorWire = z.object({
  subject: subjectId,
  name: z.string().check(z.minLength(1)),
  municipality: municipalityCode,
});
export type Auditor = z.infer<typeof auditorWire>;

export const unitsAnswer = z.object({ units: z.array(orgUnitWire) });
export const employeesAnswer = z.object({ employees: z.array(employeeWire) });
export const auditorsAnswer = z.object({ auditors: z.array(auditorWire) });

/** FK Organisation (units, KLE tasks, contact points) with OS2rollekatalog's role assignments. */
export interface FkOrganisation {
  units(municipality: string): Promise<readonly OrgUnit[]>;
  /** `null` when no unit has this id. */
  unit(id: string): Promise<OrgUnit | null>;
  employees(municipality: string): Promise<readonly Employee[]>;
  auditors(municipality: string): Promise<readonly Auditor[]>;
}

export function createFkOrganisation(options: AdapterOptions): FkOrganisation {
  const client = adapterClient('FK Organisation', options);
  const byMunicipality = (path: string, municipality: string) => {
    if (!municipalityCode.safeParse(municipality).success) {
      throw new AppError(400, 'invalid_municipality', 'A municipality code has three digits');
    }
    return `${path}?municipality=${municipality}`;
  };
  return {
    units: async (m) => (await client.getJson(byMunicipality('/units', m), unitsAnswer))!.units,
    async unit(id) {
      if (!unitId.safeParse(id).success) throw new AppError(400, 'invalid_unit_id', 'Not a unit id');
      return client.getJson(`/units/${encodeURIComponent(id)}`, orgUnitWire, { allowNotFound: true });
    },
    employees: async (m) =>
      (await client.getJson(byMunicipality('/employees', m), employeesAnswer))!.employees,
    auditors: async (m) => (await client.getJson(byMunicipality('/auditors', m), auditorsAnswer))!.auditors,
  };
}
