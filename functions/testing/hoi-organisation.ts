import type { Employee, OrgUnit } from '../contracts/fk-organisation.ts';
import { kleChain, SENSITIVITY_LEVELS } from '../contracts/wire.ts';
import { type MunicipalitySnapshot, mapOrganisation } from '../kit/org-sync/map-organisation.ts';
import type { TupleKey } from '../openfga-embedded/vocabulary/types.ts';
import { scopedUser } from '../runtime/auth/principal.ts';
import type { Random } from './random.ts';

/**
 * Generates a synthetic HOI organisation as the tuples the model stores
 * (POL-001: organisation only): municipalities with FK Organisation unit trees,
 * OS2rollekatalog roles, KLE tasks (performing/insight, some passed down the
 * tree), sensitivity clearances, GP clinics and BUP units with staff.
 */
export interface OrganisationShape {
  readonly municipalities: readonly string[];
  readonly unitsPerMunicipality: number;
  readonly usersPerUnit: number;
  readonly gpClinics: number;
  readonly gpsPerClinic: number;
  readonly psychiatryUnits: number;
  readonly psychiatristsPerUnit: number;
}

export interface Organisation {
  readonly tuples: TupleKey[];
  readonly municipalities: readonly string[];
  /** org_unit ids by municipality code. */
  readonly units: ReadonlyMap<string, readonly string[]>;
  readonly municipalUsers: readonly string[];
  readonly gps: readonly string[];
  readonly psychiatrists: readonly string[];
  readonly auditors: readonly string[];
  readonly gpClinics: readonly string[];
  readonly psychiatryUnits: readonly string[];
  /** Staff by org_unit, gp_clinic or psychiatry_unit id. */
  readonly staff: ReadonlyMap<string, readonly string[]>;
}

/** Child-welfare and school KLE numbers from DOMAIN.md, as main group → group → subject. */
export const KLE_SUBJECTS = [
  '34.00.00',
  '34.10.10',
  '34.10.30',
  '34.15.05',
  '34.25.00',
  '27.25.12',
  '17.03.04',
  '17.20.03',
];
export { SENSITIVITY_LEVELS };

const ROLES = ['caseworker', 'ppr_psychologist', 'leader', 'member'] as const;

export { kleChain };

/** Two municipalities of ten units, a few clinics and psychiatry units: enough for generated checks to meet every rule, small enough to build in milliseconds. */
export const TWO_MUNICIPALITIES: OrganisationShape = {
  municipalities: ['851', '810'],
  unitsPerMunicipality: 10,
  usersPerUnit: 3,
  gpClinics: 4,
  gpsPerClinic: 2,
  psychiatryUnits: 3,
  psychiatristsPerUnit: 2,
};

/**
 * The organisation as FK Organisation, OS2rollekatalog and SOR would answer
 * it, mapped to stored tuples by the organisation sync itself (mapOrganisation),
 * so that what is generated here is what a deployment stores. Some employees
 * hold a second engagement in another unit, so that a role and a KLE task
 * from different engagements meet in the data (POL-003.16).
 */
export function generateOrganisation(random: Random, shape: OrganisationShape): Organisation {
  const units = new Map<string, string[]>();
  const municipalUsers = new Set<string>();
  const auditors: string[] = [];
  const staff = new Map<string, string[]>();
  const hire = (place: string, user: string) => {
    const list = staff.get(place) ?? [];
    if (!list.includes(user)) list.push(user);
    staff.set(place, list);
  };
  const municipalities: MunicipalitySnapshot[] = shape.municipalities.map((m) => {
    const orgUnits: OrgUnit[] = [];
    const employees: Employee[] = [];
    for (let i = 0; i < shape.unitsPerMunicipality; i++) {
      const kleTasks = Array.from({ length: 1 + random.int(3) }, () => {
        const chain = kleChain(random.pick(KLE_SUBJECTS));
        return {
          kle: chain[random.int(chain.length)]!,
          role: random.chance(0.75) ? ('Udfoerende' as const) : ('Indsigt' as const),
        };
      });
      orgUnits.push({
        id: `${m}-u${i}`,
        municipality: m,
        name: `Unit ${i}`,
        // A random earlier unit as parent gives trees of varied depth and fan-out.
        parentId: i === 0 ? null : `${m}-u${random.int(i)}`,
        passesKleDown: random.chance(0.4),
        kleTasks,
        contact: { phone: '+45 0000 0000', secureEmail: null },
      });
      for (let u = 0; u < shape.usersPerUnit; u++) {
        const subject = `${m}-u${i}-e${u}`;
        const engagement = (unitId: string): Employee => {
          const role = random.pick(ROLES);
          return {
            subject,
            name: subject,
            municipality: m,
            unitId,
            roles: role === 'member' ? [] : [role],
            clearance: random.chance(0.6) ? random.pick(SENSITIVITY_LEVELS) : null,
          };
        };
        employees.push(engagement(`${m}-u${i}`));
        if (i > 0 && random.chance(0.15)) employees.push(engagement(`${m}-u${random.int(i)}`));
      }
    }
    for (const e of employees) {
      const user = scopedUser({ domain: 'municipal', municipality: m }, e.subject);
      municipalUsers.add(user);
      hire(`org_unit:${e.unitId}`, user);
    }
    units.set(
      m,
      orgUnits.map((u) => `org_unit:${u.id}`),
    );
    auditors.push(scopedUser({ domain: 'municipal', municipality: m }, `${m}-auditor`));
    return {
      code: m,
      units: orgUnits,
      employees,
      auditors: [{ subject: `${m}-auditor`, name: 'Auditor', municipality: m }],
    };
  });

  const health = (subject: string) => scopedUser({ domain: 'health' }, subject);
  const clinics = Array.from({ length: shape.gpClinics }, (_, c) => ({
    sor: `95374100001${String(c).padStart(4, '0')}`,
    name: `Clinic ${c}`,
    phone: '+45 0000 0001',
    staff: Array.from({ length: shape.gpsPerClinic }, (_, g) => ({ subject: `gp-${c}-${g}`, name: 'GP' })),
  }));
  const psychiatryUnits = Array.from({ length: shape.psychiatryUnits }, (_, p) => ({
    sor: `60000100001${String(p).padStart(4, '0')}`,
    name: `BUP ${p}`,
    parentSor: p > 0 && random.chance(0.5) ? '600001000010000' : null,
    phone: '+45 0000 0002',
    staff: Array.from({ length: shape.psychiatristsPerUnit }, (_, s) => ({
      subject: `bup-${p}-${s}`,
      name: 'Psychiatrist',
    })),
  }));
  for (const c of clinics) for (const g of c.staff) hire(`gp_clinic:${c.sor}`, health(g.subject));
  for (const u of psychiatryUnits)
    for (const p of u.staff) hire(`psychiatry_unit:${u.sor}`, health(p.subject));

  const tuples = mapOrganisation({
    municipalities,
    clinics,
    psychiatryUnits,
    relevantCases: {
      kleSubjects: KLE_SUBJECTS.filter((s) => s.startsWith('34') || s === '17.03.04'),
      // As policies/relevant-cases.yaml: every level below VIP_SAGER may be disclosed to health.
      sensitivityLevels: SENSITIVITY_LEVELS.slice(0, 3),
      appointmentSubjects: ['34.00.00', '34.10.10', '34.15.05', '34.25.00', '17.03.04'],
    },
  });
  return {
    tuples,
    municipalities: shape.municipalities,
    units,
    municipalUsers: [...municipalUsers],
    gps: clinics.flatMap((c) => c.staff.map((g) => health(g.subject))),
    psychiatrists: psychiatryUnits.flatMap((u) => u.staff.map((p) => health(p.subject))),
    auditors,
    gpClinics: clinics.map((c) => `gp_clinic:${c.sor}`),
    psychiatryUnits: psychiatryUnits.map((u) => `psychiatry_unit:${u.sor}`),
    staff,
  };
}
