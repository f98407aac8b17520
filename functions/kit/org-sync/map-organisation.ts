import type { Auditor, Employee, OrgUnit } from '../../contracts/fk-organisation.ts';
import type { GpClinic, PsychiatryUnit } from '../../contracts/health-organisation.ts';
import { SENSITIVITY_LEVELS } from '../../contracts/wire.ts';
import type { TupleKey } from '../../openfga-embedded/vocabulary/types.ts';
import { scopedUser } from '../../runtime/auth/principal.ts';
import type { RelevantCasesPolicy } from './relevant-cases-policy.ts';

/** What one sync reads, before any tuple is made. */
export interface OrganisationSnapshot {
  readonly municipalities: readonly MunicipalitySnapshot[];
  readonly clinics: readonly GpClinic[];
  readonly psychiatryUnits: readonly PsychiatryUnit[];
  readonly relevantCases: RelevantCasesPolicy;
  /** Further subjects of the municipalities' KLE plans that cases may carry: their parent chain is written too. */
  readonly kleSubjects?: readonly string[];
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
 * exactly as the model's comments prescribe. Pure and deterministic: sorted by
 * object, relation, user, without duplicates.
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
  const psychiatry = new Set(snapshot.psychiatryUnits.map((u) => u.sor));
  for (const unit of snapshot.psychiatryUnits) {
    for (const member of unit.staff)
      add(`psychiatry_unit:${unit.sor}`, 'psychiatrist', healthUser(member.subject));
    for (const auditor of unit.auditors ?? [])
      add(`psychiatry_unit:${unit.sor}`, 'auditor', healthUser(auditor.subject));
    if (unit.parentSor === null) continue;
    if (!psychiatry.has(unit.parentSor)) {
      throw new OrgSyncError(`psychiatry unit ${unit.sor} names a parent that SOR did not list`);
    }
    add(
      `psychiatry_unit:${unit.parentSor}`,
      'subunit',
      `psychiatry_unit:${unit.sor}#psychiatrist_in_subtree`,
    );
  }
  return [...tuples.values()].sort(compareTuples);
}

type Add = (object: string, relation: string, user: string) => void;

/**
 * Users as the token verifier names them (runtime/auth/principal.ts): SOR's staff
 * in the health trust domain, a municipality's employees in that municipality's.
 */
const healthUser = (subject: string) => scopedUser({ domain: 'health' }, subject);

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

  const kleInUse = new Set<string>([...snapshot.relevantCases.kleSubjects, ...(snapshot.kleSubjects ?? [])]);
  for (const unit of m.units) {
    const self = `org_unit:${unit.id}`;
    if (unit.parentId === null) add(`municipality:${m.code}`, 'top_unit', self);
    else {
      add(self, 'parent', `org_unit:${unit.parentId}`);
      add(`org_unit:${unit.parentId}`, 'subunit', `${self}#member_in_subtree`);
    }
    // OS2rollekatalog inheritance: a unit that passes KLE down grants its tasks to the whole subtree.
    const holders = `${self}#${unit.passesKleDown ? 'member_in_subtree' : 'member'}`;
    for (const task of unit.kleTasks) {
      kleInUse.add(task.kle);
      add(`kle:${m.code}-${task.kle}`, task.role === 'Indsigt' ? 'insight' : 'performing', holders);
    }
  }
  for (const number of kleInUse) {
    const chain = kleChain(number);
    for (let i = 1; i < chain.length; i++)
      add(`kle:${m.code}-${chain[i]}`, 'parent', `kle:${m.code}-${chain[i - 1]}`);
  }

  for (const employee of m.employees) {
    if (employee.municipality !== m.code || !units.has(employee.unitId)) {
      throw new OrgSyncError(`employee ${employee.subject} works in a unit outside municipality ${m.code}`);
    }
    const user = scopedUser({ domain: 'municipal', municipality: m.code }, employee.subject);
    for (const role of employee.roles.length === 0 ? (['member'] as const) : employee.roles) {
      add(`org_unit:${employee.unitId}`, role, user);
    }
    if (employee.clearance !== null) add(`sensitivity:${m.code}-${employee.clearance}`, 'cleared', user);
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

  for (let i = 0; i + 1 < SENSITIVITY_LEVELS.length; i++) {
    add(
      `sensitivity:${m.code}-${SENSITIVITY_LEVELS[i]}`,
      'next_higher',
      `sensitivity:${m.code}-${SENSITIVITY_LEVELS[i + 1]}`,
    );
  }
  for (const subject of snapshot.relevantCases.kleSubjects)
    add(`kle:${m.code}-${subject}`, 'relevant_to_health', 'user:*');
  for (const level of snapshot.relevantCases.sensitivityLevels) {
    add(`sensitivity:${m.code}-${level}`, 'shareable_with_health', 'user:*');
  }
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

/** `34.10.10` → [`34`, `34.10`, `34.10.10`]: main group, group, subject. */
export function kleChain(number: string): string[] {
  const parts = number.split('.');
  return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
}

export function compareTuples(a: TupleKey, b: TupleKey): number {
  return compare(a.object, b.object) || compare(a.relation, b.relation) || compare(a.user, b.user);
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
