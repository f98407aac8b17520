import type { Auditor, Employee, EmployeeRole, OrgUnit } from '../../contracts/fk-organisation.ts';
import type { SensitivityLevel } from '../../contracts/wire.ts';
import { employeeName, secureEmail, syntheticPhone } from './names.ts';
import type { Rng } from './random.ts';
import { treeFor, type UnitSpec } from './unit-tree.ts';

export interface MunicipalOrganisation {
  readonly units: OrgUnit[];
  readonly employees: Employee[];
  readonly auditors: Auditor[];
  /** Unit ids responsible for cases of a KLE subject, by `<municipality>|<subject>`. */
  readonly handlers: ReadonlyMap<string, readonly string[]>;
}

const ROLE_ORDER: readonly EmployeeRole[] = ['leader', 'caseworker', 'ppr_psychologist', 'member'];

/** Clearance by role: leaders see everything, most handlers sensitive data, plain staff little. */
function clearanceFor(rng: Rng, role: EmployeeRole): SensitivityLevel | null {
  switch (role) {
    case 'leader':
      return 'VIP_SAGER';
    case 'caseworker':
      return rng.weighted([
        ['FOELSOMME_PERSONOPLYSNINGER', 7],
        ['VIP_SAGER', 2],
        ['FORTROLIGE_PERSONOPLYSNINGER', 1],
      ]);
    case 'ppr_psychologist':
      return rng.weighted([
        ['FOELSOMME_PERSONOPLYSNINGER', 8],
        ['FORTROLIGE_PERSONOPLYSNINGER', 2],
      ]);
    case 'member':
      return rng.weighted<SensitivityLevel | null>([
        [null, 6],
        ['IKKE_FORTROLIGE_DATA', 2],
        ['FORTROLIGE_PERSONOPLYSNINGER', 2],
      ]);
  }
}

/** FK Organisation and OS2rollekatalog for the five pilot municipalities. */
export function buildMunicipalOrganisation(
  rng: Rng,
  municipalities: readonly { code: string; name: string }[],
): MunicipalOrganisation {
  const units: OrgUnit[] = [];
  const employees: Employee[] = [];
  const auditors: Auditor[] = [];
  const handlers = new Map<string, string[]>();

  for (const { code, name } of municipalities) {
    let serial = 0;
    const visit = (spec: UnitSpec, parentId: string | null) => {
      const id = `${code}-${spec.slug}`;
      units.push({
        id,
        municipality: code,
        name: spec.name,
        parentId,
        passesKleDown: spec.passesKleDown ?? false,
        kleTasks: [...(spec.kleTasks ?? [])],
        contact: { phone: syntheticPhone(code, units.length + 1), secureEmail: secureEmail(code, spec.slug) },
      });
      for (const role of ROLE_ORDER) {
        for (let i = 0; i < (spec.staff?.[role] ?? 0); i++) {
          serial += 1;
          const employee: Employee = {
            subject: `syn-${code}-${String(serial).padStart(4, '0')}`,
            name: employeeName(rng),
            municipality: code,
            unitId: id,
            roles: [role],
            clearance: spec.audits ? null : clearanceFor(rng, role),
          };
          employees.push(employee);
          if (spec.audits)
            auditors.push({ subject: employee.subject, name: employee.name, municipality: code });
        }
      }
      for (const kle of spec.handles ?? []) {
        const key = `${code}|${kle}`;
        handlers.set(key, [...(handlers.get(key) ?? []), id]);
      }
      for (const child of spec.children ?? []) visit(child, id);
    };
    visit(treeFor(code, name), null);
  }
  return { units, employees, auditors, handlers };
}
