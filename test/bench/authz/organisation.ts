/**
 * A synthetic organisation of any size for `npm run bench:authz`, as FK
 * Organisation / OS2rollekatalog and SOR would answer for it, turned into
 * stored tuples by the organisation sync itself (`organisationTuples`, what
 * authz-sync and `npm start` run). When the model and the sync change, the
 * tuples measured change with them; nothing here writes a tuple by hand.
 *
 * Each municipality is a tree of `units` FK units, four below each unit (depth
 * about log4 of the count); the units right below the top pass their KLE
 * tasks down (OS2rollekatalog inheritance), the others hold an insight task of
 * their own. Staff per unit: a caseworker, a PPR psychologist, a leader and
 * members, with cumulative clearances. The health side: GP clinics and a BUP
 * tree. The personas of the checks live in the first municipality, the
 * responsible unit is its deepest (the longest walk up and down the tree).
 */
import type {
  Auditor,
  Employee,
  EmployeeRole,
  OrgUnit,
} from '../../../functions/contracts/fk-organisation.ts';
import type { GpClinic, PsychiatryUnit } from '../../../functions/contracts/health-organisation.ts';
import { SENSITIVITY_LEVELS, type SensitivityLevel } from '../../../functions/contracts/wire.ts';
import { organisationTuples } from '../../../functions/kit/org-sync/organisation-tuples.ts';
import type { RelevantCasesPolicy } from '../../../functions/kit/org-sync/relevant-cases-policy.ts';
import type { TupleKey } from '../../../functions/openfga-embedded/vocabulary/types.ts';
import { scopedUser } from '../../../functions/runtime/auth/principal.ts';
import { MUNICIPALITIES } from '../../../functions/runtime/reference/municipalities.ts';

export interface OrganisationSize {
  /** 1 to 98: the first N of the Danish municipality codes. */
  readonly municipalities: number;
  readonly unitsPerMunicipality: number;
  /** @default 5 */
  readonly employeesPerUnit?: number;
  /** @default 4 per municipality, at least 8 */
  readonly gpClinics?: number;
}

/** Who the checks are asked for (users as the token verifier names them), and the places they work. */
export interface BenchPeople {
  readonly municipality: string;
  /** The deepest unit of the first municipality: the cases' responsible unit. */
  readonly responsibleUnit: string;
  readonly caseworker: string;
  readonly pprPsychologist: string;
  /** The leader of the responsible unit's parent: reads, does not handle. */
  readonly leader: string;
  /** A caseworker in a branch of the tree that does not hold the responsible unit. */
  readonly caseworkerElsewhere: string;
  readonly auditor: string;
  /** The second municipality's auditor, or a municipal member when there is only one. */
  readonly auditorElsewhere: string;
  readonly gpClinicSor: string;
  readonly gp: string;
  readonly gpOtherClinic: string;
  readonly psychiatryUnitSor: string;
  readonly psychiatrist: string;
  /** Every clinic with its first GP: the floor's stored tuples. */
  readonly gpClinics: readonly { readonly sor: string; readonly gp: string }[];
}

export interface BenchOrganisation {
  readonly size: Required<OrganisationSize>;
  readonly tuples: readonly TupleKey[];
  readonly people: BenchPeople;
  readonly units: number;
  readonly employees: number;
}

const ROLES: readonly (readonly EmployeeRole[])[] = [['caseworker'], ['ppr_psychologist'], ['leader'], []];
/** Highest first: e0 may see everything, the last ones little or nothing. */
const CLEARANCES: readonly (SensitivityLevel | null)[] = [
  'VIP_SAGER',
  'FOELSOMME_PERSONOPLYSNINGER',
  'FORTROLIGE_PERSONOPLYSNINGER',
  null,
  'IKKE_FORTROLIGE_DATA',
];
const FAN_OUT = 4;
const contact = { phone: '+45 70 00 00 00', secureEmail: null };

/** The organisation FK Organisation / OS2rollekatalog and SOR would answer for a size, before the sync. */
export interface SyntheticOrganisation {
  readonly size: Required<OrganisationSize>;
  /** The municipality codes, in `MUNICIPALITIES`' order. */
  readonly municipalities: readonly string[];
  readonly byMunicipality: ReadonlyMap<
    string,
    { readonly units: OrgUnit[]; readonly employees: Employee[]; readonly auditors: Auditor[] }
  >;
  readonly clinics: readonly GpClinic[];
  readonly psychiatryUnits: readonly PsychiatryUnit[];
}

export function syntheticOrganisation(
  size: OrganisationSize,
  relevantCases: RelevantCasesPolicy,
): SyntheticOrganisation {
  const codes = [...MUNICIPALITIES.keys()];
  if (size.municipalities < 1 || size.municipalities > codes.length) {
    throw new RangeError(`--municipalities must be 1 to ${codes.length}`);
  }
  if (size.unitsPerMunicipality < 3) throw new RangeError('--units must be at least 3');
  const full: Required<OrganisationSize> = {
    employeesPerUnit: 5,
    gpClinics: Math.max(8, 4 * size.municipalities),
    ...size,
  };
  const chosen = codes.slice(0, full.municipalities);
  const byMunicipality = new Map(chosen.map((code) => [code, municipalityOrganisation(code, full)]));
  const clinics: GpClinic[] = Array.from({ length: full.gpClinics }, (_, c) => ({
    sor: `9531${String(c).padStart(8, '0')}`,
    name: `Lægehuset ${c}`,
    phone: '+45 70 00 00 01',
    staff: Array.from({ length: 4 }, (_, g) => ({ subject: `gp-${c}-${g}`, name: `Læge ${c}-${g}` })),
  }));
  const psychiatryUnits: PsychiatryUnit[] = Array.from({ length: 7 }, (_, p) => ({
    sor: `6001${String(p).padStart(8, '0')}`,
    name: `BUP ${p}`,
    parentSor: p === 0 ? null : `6001${String(Math.floor((p - 1) / 2)).padStart(8, '0')}`,
    phone: '+45 70 00 00 02',
    staff: Array.from({ length: 10 }, (_, s) => ({ subject: `bup-${p}-${s}`, name: `Psykiater ${p}-${s}` })),
  }));
  return { size: full, municipalities: chosen, byMunicipality, clinics, psychiatryUnits };

  function municipalityOrganisation(code: string, shape: Required<OrganisationSize>) {
    const kle = relevantCases.kleSubjects;
    const unitList: OrgUnit[] = Array.from({ length: shape.unitsPerMunicipality }, (_, i) => {
      const parent = parentOf(i);
      // The units right below the top pass performing on every relevant main group down their subtree.
      const passesKleDown = parent === 0;
      const kleTasks = passesKleDown
        ? [...new Set(kle.map((k) => k.split('.')[0]!))].map((main) => ({
            kle: main,
            role: 'Udfoerende' as const,
          }))
        : [{ kle: kle[i % kle.length]!, role: 'Indsigt' as const }];
      return {
        id: unitIdOf(code, i),
        municipality: code,
        name: `Enhed ${i}`,
        parentId: parent === null ? null : unitIdOf(code, parent),
        passesKleDown,
        kleTasks,
        contact,
      };
    });
    const employees: Employee[] = unitList.flatMap((unit, i) =>
      Array.from({ length: shape.employeesPerUnit }, (_, e) => ({
        subject: employeeSubject(code, i, e),
        name: `Medarbejder ${i}-${e}`,
        municipality: code,
        unitId: unit.id,
        roles: [...ROLES[e % ROLES.length]!],
        clearance: CLEARANCES[e % CLEARANCES.length]!,
      })),
    );
    const auditors: Auditor[] = [{ subject: `auditor-${code}`, name: 'Intern revisor', municipality: code }];
    return { units: unitList, employees, auditors };
  }
}

export async function benchOrganisation(
  size: OrganisationSize,
  relevantCases: RelevantCasesPolicy,
): Promise<BenchOrganisation> {
  const {
    size: full,
    municipalities: chosen,
    byMunicipality,
    clinics,
    psychiatryUnits,
  } = syntheticOrganisation(size, relevantCases);
  const tuples = await organisationTuples({
    municipalities: chosen,
    fkOrganisation: {
      units: async (m) => byMunicipality.get(m)!.units,
      employees: async (m) => byMunicipality.get(m)!.employees,
      auditors: async (m) => byMunicipality.get(m)!.auditors,
    },
    health: { clinics: async () => [...clinics], psychiatryUnits: async () => [...psychiatryUnits] },
    relevantCases,
  });

  const first = chosen[0]!;
  const units = full.unitsPerMunicipality;
  const deepest = units - 1;
  const municipal = (subject: string) => scopedUser({ domain: 'municipal', municipality: first }, subject);
  // Unit 1's subtree holds the deepest unit only when the tree is that lopsided; pick a top branch without it.
  const branchOfDeepest = topBranch(deepest);
  const otherBranch = branchOfDeepest === 1 ? 2 : 1;
  const health = (subject: string) => scopedUser({ domain: 'health' }, subject);
  return {
    size: full,
    tuples,
    units: units * chosen.length,
    employees: units * full.employeesPerUnit * chosen.length,
    people: {
      municipality: first,
      responsibleUnit: unitIdOf(first, deepest),
      caseworker: municipal(employeeSubject(first, deepest, 0)),
      pprPsychologist: municipal(employeeSubject(first, deepest, 1)),
      leader: municipal(employeeSubject(first, parentOf(deepest)!, 2)),
      caseworkerElsewhere: municipal(employeeSubject(first, otherBranch, 0)),
      auditor: municipal(`auditor-${first}`),
      auditorElsewhere:
        chosen.length > 1
          ? scopedUser({ domain: 'municipal', municipality: chosen[1]! }, `auditor-${chosen[1]}`)
          : municipal(employeeSubject(first, 0, 3)),
      gpClinicSor: clinics[0]!.sor,
      gp: health(clinics[0]!.staff[0]!.subject),
      gpOtherClinic: health(clinics[1]!.staff[0]!.subject),
      psychiatryUnitSor: psychiatryUnits.at(-1)!.sor,
      psychiatrist: health(psychiatryUnits.at(-1)!.staff[0]!.subject),
      gpClinics: clinics.map((c) => ({ sor: c.sor, gp: health(c.staff[0]!.subject) })),
    },
  };
}

export const SENSITIVITY_OF_CASES: SensitivityLevel = 'FORTROLIGE_PERSONOPLYSNINGER';
export { SENSITIVITY_LEVELS };

const unitIdOf = (code: string, i: number) => `${code}-u${i}`;
const employeeSubject = (code: string, unit: number, e: number) => `e-${code}-${unit}-${e}`;
const parentOf = (i: number): number | null => (i === 0 ? null : Math.floor((i - 1) / FAN_OUT));

/** The unit right below the top whose subtree holds unit `i`. */
function topBranch(i: number): number {
  let current = i;
  while (parentOf(current) !== 0 && parentOf(current) !== null) current = parentOf(current)!;
  return current;
}
