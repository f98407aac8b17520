import { SENSITIVITY_LEVELS } from '../contracts/wire.ts';
import type { TupleKey } from '../openfga-embedded/vocabulary/types.ts';
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

export function kleChain(subject: string): string[] {
  const [main, group] = subject.split('.');
  return [main!, `${main}.${group}`, subject];
}

export function generateOrganisation(random: Random, shape: OrganisationShape): Organisation {
  const tuples: TupleKey[] = [];
  const seen = new Set<string>();
  // Random KLE tasks can repeat; a store refuses duplicate writes.
  const add = (object: string, relation: string, user: string) => {
    const key = `${object}#${relation}@${user}`;
    if (!seen.has(key)) tuples.push({ object, relation, user });
    seen.add(key);
  };
  const units = new Map<string, string[]>();
  const municipalUsers: string[] = [];
  const auditors: string[] = [];
  const staff = new Map<string, string[]>();
  const hire = (place: string, user: string) => {
    const list = staff.get(place) ?? [];
    list.push(user);
    staff.set(place, list);
  };

  for (const m of shape.municipalities) {
    const unitIds: string[] = [];
    for (let i = 0; i < shape.unitsPerMunicipality; i++) {
      const unit = `org_unit:${m}-u${i}`;
      unitIds.push(unit);
      if (i === 0) {
        add(`municipality:${m}`, 'top_unit', unit);
      } else {
        // A random earlier unit as parent gives trees of varied depth and fan-out.
        const parent = unitIds[random.int(i)]!;
        add(unit, 'parent', parent);
        add(parent, 'subunit', `${unit}#member_in_subtree`);
      }
      for (let u = 0; u < shape.usersPerUnit; u++) {
        const user = `user:${m}-u${i}-e${u}`;
        municipalUsers.push(user);
        hire(unit, user);
        add(unit, random.pick(ROLES), user);
        if (random.chance(0.6)) {
          add(`sensitivity:${m}-${random.pick(SENSITIVITY_LEVELS)}`, 'cleared', user);
        }
      }
    }
    units.set(m, unitIds);
    const auditor = `user:${m}-auditor`;
    auditors.push(auditor);
    add(`municipality:${m}`, 'auditor', auditor);

    for (const subject of KLE_SUBJECTS) {
      const chain = kleChain(subject).map((k) => `kle:${m}-${k}`);
      for (let i = 1; i < chain.length; i++) add(chain[i]!, 'parent', chain[i - 1]!);
      if (subject.startsWith('34') || subject === '17.03.04') add(chain[2]!, 'relevant_to_health', 'user:*');
    }
    for (const unit of unitIds) {
      const tasks = 1 + random.int(3);
      for (let t = 0; t < tasks; t++) {
        const chain = kleChain(random.pick(KLE_SUBJECTS));
        const kle = `kle:${m}-${chain[random.int(chain.length)]}`;
        const scope = random.chance(0.4) ? '#member_in_subtree' : '#member';
        add(kle, random.chance(0.75) ? 'performing' : 'insight', `${unit}${scope}`);
      }
    }
    for (let level = 0; level < SENSITIVITY_LEVELS.length - 1; level++) {
      add(
        `sensitivity:${m}-${SENSITIVITY_LEVELS[level]}`,
        'next_higher',
        `sensitivity:${m}-${SENSITIVITY_LEVELS[level + 1]}`,
      );
    }
    // As policies/relevant-cases.yaml: every level below VIP_SAGER may be disclosed to health.
    for (const level of SENSITIVITY_LEVELS.slice(0, 3))
      add(`sensitivity:${m}-${level}`, 'shareable_with_health', 'user:*');
  }

  const gpClinics: string[] = [];
  const gps: string[] = [];
  for (let c = 0; c < shape.gpClinics; c++) {
    const clinic = `gp_clinic:95374100001${String(c).padStart(4, '0')}`;
    gpClinics.push(clinic);
    for (let g = 0; g < shape.gpsPerClinic; g++) {
      const gp = `user:gp-${c}-${g}`;
      gps.push(gp);
      hire(clinic, gp);
      add(clinic, 'gp', gp);
    }
  }
  const psychiatryUnits: string[] = [];
  const psychiatrists: string[] = [];
  for (let p = 0; p < shape.psychiatryUnits; p++) {
    const unit = `psychiatry_unit:60000100001${String(p).padStart(4, '0')}`;
    if (p > 0 && random.chance(0.5)) add(psychiatryUnits[0]!, 'subunit', `${unit}#psychiatrist_in_subtree`);
    psychiatryUnits.push(unit);
    for (let s = 0; s < shape.psychiatristsPerUnit; s++) {
      const psychiatrist = `user:bup-${p}-${s}`;
      psychiatrists.push(psychiatrist);
      hire(unit, psychiatrist);
      add(unit, 'psychiatrist', psychiatrist);
    }
  }

  return {
    tuples,
    municipalities: shape.municipalities,
    units,
    municipalUsers,
    gps,
    psychiatrists,
    auditors,
    gpClinics,
    psychiatryUnits,
    staff,
  };
}
