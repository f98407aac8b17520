import type { Auditor, Employee, OrgUnit } from '../../contracts/fk-organisation.ts';
import type { GpClinic, PsychiatryUnit } from '../../contracts/health-organisation.ts';
import { SENSITIVITY_LEVELS, type SensitivityLevel } from '../../contracts/wire.ts';
import type { TupleKey } from '../../openfga-embedded/vocabulary/types.ts';
import { scopedUser } from '../../runtime/auth/principal.ts';
import { choicesOf, type MunicipalChoices, type WithheldChoices } from './municipal-choices.ts';
import type { RelevantCasesPolicy } from './relevant-cases-policy.ts';

/** What one sync reads, before any tuple is made. */
export interface OrganisationSnapshot {
  readonly municipalities: readonly MunicipalitySnapshot[];
  readonly clinics: readonly GpClinic[];
  readonly psychiatryUnits: readonly PsychiatryUnit[];
  /** The default choices (policies/relevant-cases.yaml). */
  readonly relevantCases: RelevantCasesPolicy;
  /** Municipalities' own choices by code (POL-004.7). @default none: the default for every one */
  readonly ownRelevantCases?: MunicipalChoices['own'];
  /** Municipalities' KLE plans by code, which guard their choices. @default none: no guard */
  readonly klePlans?: MunicipalChoices['plans'];
  /** The day (`YYYY-MM-DD`) a plan's discontinued subjects are judged on. */
  readonly day?: string;
}

export interface MunicipalitySnapshot {
  readonly code: string;
  readonly units: readonly OrgUnit[];
  readonly employees: readonly Employee[];
  readonly auditors: readonly Auditor[];
}

/** The sync refuses data that would write a wrong organisation rather than write part of it. */
export class OrgSyncError extends Error {
  override readonly name = 'OrgSyncError';
}

/**
 * The stored tuples of openfga/model/model.fga for an organisation snapshot,
 * exactly as the model's comments prescribe: the closures a check would
 * otherwise walk (employees of a municipality, members of a subtree, what one
 * engagement covers, cumulative clearance) written out, so that every check
 * follows direct edges. Pure and deterministic: sorted by object, relation,
 * user, without duplicates.
 */
export function mapOrganisation(snapshot: OrganisationSnapshot): TupleKey[] {
  const tuples = new Map<string, TupleKey>();
  const add = (object: string, relation: string, user: string) =>
    tuples.set(`${object}#${relation}@${user}`, { object, relation, user });

  for (const m of snapshot.municipalities) mapMunicipality(m, snapshot, add);

  for (const clinic of snapshot.clinics) {
    for (const member of clinic.staff) add(`gp_clinic:${clinic.sor}`, 'gp', healthUser(member.subject));
    for (const auditor of clinic.auditors ?? [])
      add(`gp_clinic:${clinic.sor}`, 'auditor', healthUser(auditor.subject));
  }
  const psychiatry = new Map(snapshot.psychiatryUnits.map((u) => [u.sor, u]));
  for (const unit of snapshot.psychiatryUnits) {
    for (const auditor of unit.auditors ?? [])
      add(`psychiatry_unit:${unit.sor}`, 'auditor', healthUser(auditor.subject));
    if (unit.parentSor !== null && !psychiatry.has(unit.parentSor)) {
      throw new OrgSyncError(`psychiatry unit ${unit.sor} names a parent that SOR did not list`);
    }
  }
  const psychiatryAbove = ancestorsOrSelf(
    new Map(snapshot.psychiatryUnits.map((u) => [u.sor, u.parentSor])),
    (at) => `SOR's psychiatry units form a cycle at ${at}`,
  );
  for (const unit of snapshot.psychiatryUnits) {
    for (const member of unit.staff) {
      const user = healthUser(member.subject);
      add(`psychiatry_unit:${unit.sor}`, 'psychiatrist', user);
      for (const above of psychiatryAbove.get(unit.sor)!)
        add(`psychiatry_unit:${above}`, 'psychiatrist_in_subtree', user);
    }
  }
  return [...tuples.values()].sort(compareTuples);
}

type Add = (object: string, relation: string, user: string) => void;

/**
 * Users as the token verifier names them (runtime/auth/principal.ts): SOR's staff
 * in the health trust domain, a municipality's employees in that municipality's.
 */
const healthUser = (subject: string) => scopedUser({ domain: 'health' }, subject);

/** The level whose clearance is the health-data (art. 9) clearance (model: municipality#health_data_level). */
export const HEALTH_DATA_LEVEL: SensitivityLevel = 'FOELSOMME_PERSONOPLYSNINGER';

function mapMunicipality(m: MunicipalitySnapshot, snapshot: OrganisationSnapshot, add: Add): void {
  const units = new Map(m.units.map((u) => [u.id, u]));
  for (const unit of m.units) {
    if (unit.municipality !== m.code || !unit.id.startsWith(`${m.code}-`)) {
      throw new OrgSyncError(`unit ${unit.id} does not belong to municipality ${m.code}`);
    }
    if (unit.parentId !== null && !units.has(unit.parentId)) {
      throw new OrgSyncError(`unit ${unit.id} names a parent outside municipality ${m.code}`);
    }
  }
  assertTree(m.code, units);
  const above = ancestorsOrSelf(
    new Map(m.units.map((u) => [u.id, u.parentId])),
    (at) => `units of municipality ${m.code} form a cycle at ${at}`,
  );
  const below = invert(above);
  const held = heldKleTasks(m.units, above);

  for (const employee of m.employees) {
    if (employee.municipality !== m.code || !units.has(employee.unitId)) {
      throw new OrgSyncError(`employee ${employee.subject} works in a unit outside municipality ${m.code}`);
    }
    const user = scopedUser({ domain: 'municipal', municipality: m.code }, employee.subject);
    add(`org_unit:${employee.unitId}`, 'member', user);
    for (const unit of above.get(employee.unitId)!) add(`org_unit:${unit}`, 'member_in_subtree', user);
    // One engagement: its roles and the KLE tasks of its own unit meet here, and only here.
    const tasks = held.get(employee.unitId)!;
    for (const role of employee.roles) {
      if (role === 'member') continue;
      for (const unit of below.get(employee.unitId)!) {
        for (const [kle, performing] of tasks) {
          // What the role lets its holder do with such cases (model: case_scope); a handler also reads.
          const relation = role !== 'leader' && performing ? 'handler' : 'reader';
          add(`case_scope:${unit}/${kle}`, relation, user);
        }
      }
    }
    if (employee.clearance !== null) {
      const upTo = SENSITIVITY_LEVELS.indexOf(employee.clearance);
      for (const level of SENSITIVITY_LEVELS.slice(0, upTo + 1))
        add(`sensitivity:${m.code}-${level}`, 'cleared', user);
    }
  }
  for (const auditor of m.auditors) {
    if (auditor.municipality !== m.code) {
      throw new OrgSyncError(`auditor ${auditor.subject} does not belong to municipality ${m.code}`);
    }
    add(
      `municipality:${m.code}`,
      'auditor',
      scopedUser({ domain: 'municipal', municipality: m.code }, auditor.subject),
    );
  }

  add(`municipality:${m.code}`, 'health_data_level', `sensitivity:${m.code}-${HEALTH_DATA_LEVEL}`);
  // Fail closed (POL-004.7): choices its plan does not back share nothing in either direction.
  const choice = choicesOf(choicesIn(snapshot), m.code, snapshot.day ?? '');
  if ('withheld' in choice) return;
  for (const subject of choice.policy.kleSubjects)
    add(`kle:${m.code}-${subject}`, 'relevant_to_health', 'user:*');
  for (const level of choice.policy.sensitivityLevels) {
    add(`sensitivity:${m.code}-${level}`, 'shareable_with_health', 'user:*');
  }
  for (const subject of choice.policy.appointmentSubjects)
    add(`kle:${m.code}-${subject}`, 'shows_psychiatry_appointments', 'user:*');
}

const NONE = new Map<never, never>();
const choicesIn = (snapshot: OrganisationSnapshot): MunicipalChoices => ({
  relevantCases: snapshot.relevantCases,
  own: snapshot.ownRelevantCases ?? NONE,
  plans: snapshot.klePlans ?? NONE,
});

/** The municipalities whose choices `mapOrganisation` leaves out, and why: what a sync reports. */
export function withheldChoices(snapshot: OrganisationSnapshot): WithheldChoices[] {
  return snapshot.municipalities.flatMap((m) => {
    const choice = choicesOf(choicesIn(snapshot), m.code, snapshot.day ?? '');
    return 'withheld' in choice ? [choice.withheld] : [];
  });
}

/**
 * The KLE numbers an engagement in each unit holds, with whether it performs
 * them (else insight only): the unit's own tasks, and the tasks of every unit
 * above it that passes its KLE down (OS2rollekatalog inheritance). Performing
 * (Udførende, Ansvarlig) implies insight.
 */
function heldKleTasks(
  units: readonly OrgUnit[],
  above: ReadonlyMap<string, readonly string[]>,
): Map<string, Map<string, boolean>> {
  const byId = new Map(units.map((u) => [u.id, u]));
  const held = new Map<string, Map<string, boolean>>();
  for (const unit of units) {
    const tasks = new Map<string, boolean>();
    for (const holder of above.get(unit.id)!) {
      const source = byId.get(holder)!;
      if (holder !== unit.id && !source.passesKleDown) continue;
      for (const task of source.kleTasks)
        tasks.set(task.kle, tasks.get(task.kle) === true || task.role !== 'Indsigt');
    }
    held.set(unit.id, tasks);
  }
  return held;
}

/** Each node with itself and every node above it, nearest first. */
function ancestorsOrSelf(
  parents: ReadonlyMap<string, string | null>,
  cycle: (at: string) => string,
): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const start of parents.keys()) {
    const chain: string[] = [];
    for (let at: string | null = start; at !== null; at = parents.get(at) ?? null) {
      if (chain.includes(at)) throw new OrgSyncError(cycle(at));
      chain.push(at);
    }
    result.set(start, chain);
  }
  return result;
}

/** Each node with itself and every node below it. */
function invert(above: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  const below = new Map<string, string[]>([...above.keys()].map((id) => [id, []]));
  for (const [id, chain] of above) for (const unit of chain) below.get(unit)!.push(id);
  return below;
}

/** Every unit must reach a root: a cycle or a forest without a root would grant nothing or too much. */
function assertTree(code: string, units: ReadonlyMap<string, OrgUnit>): void {
  if (![...units.values()].some((u) => u.parentId === null)) {
    throw new OrgSyncError(`municipality ${code} has no top unit`);
  }
  const reachesRoot = new Set<string>();
  for (const start of units.keys()) {
    const path: string[] = [];
    let current: string | null = start;
    while (current !== null && !reachesRoot.has(current)) {
      if (path.includes(current))
        throw new OrgSyncError(`units of municipality ${code} form a cycle at ${current}`);
      path.push(current);
      current = units.get(current)!.parentId;
    }
    for (const id of path) reachesRoot.add(id);
  }
}

export function compareTuples(a: TupleKey, b: TupleKey): number {
  return compare(a.object, b.object) || compare(a.relation, b.relation) || compare(a.user, b.user);
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
