import { type MunicipalCase, PROGRESS_STATES } from '../contracts/case-index.ts';
import type { ChildFacts } from '../kit/child-access/child-fact-tuples.ts';
import type { CheckRequest, TupleKey } from '../openfga-embedded/vocabulary/types.ts';
import { KLE_SUBJECTS, kleChain, type Organisation, SENSITIVITY_LEVELS } from './hoi-organisation.ts';
import type { Random } from './random.ts';

/**
 * Generates the facts about one child that functions pull live and send as
 * contextual tuples (POL-001), and checks a professional might ask about it.
 */
export interface ChildScenario {
  readonly child: string;
  readonly cases: readonly string[];
  readonly contextualTuples: readonly TupleKey[];
  readonly context: { readonly current_time: string };
}

const NOW = Date.parse('2026-11-25T10:00:00Z');
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const STATES = ['Opstaaet', 'Oplyst', 'Afgjort', 'Afsluttet'];

export const CHILD_PERMISSIONS = [
  'can_view_school',
  'can_view_school_without_override',
  'can_view_appointments',
  'can_view_appointments_without_override',
  'can_send_correspondence',
  'can_read_correspondence',
  'can_read_correspondence_without_override',
  'can_view_access_log',
] as const;
export const CASE_PERMISSIONS = ['can_view_case_contact', 'can_view_case_contact_without_override'] as const;

export function generateChild(random: Random, org: Organisation, index: number): ChildScenario {
  // Keyed pseudonyms have 32 hex digits (policies/tuple-storage.yaml identifiers).
  const child = `child:p-${random.hex(24)}${index.toString(16).padStart(8, '0')}`;
  const tuples: TupleKey[] = [];
  const add = (object: string, relation: string, user: string, condition?: TupleKey['condition']) =>
    tuples.push(condition ? { object, relation, user, condition } : { object, relation, user });
  const home = random.pick(org.municipalities);
  add(child, 'residence_municipality', `municipality:${home}`);
  if (random.chance(0.8)) add(child, 'custody_holder', `citizen:p-${random.hex(32)}`);
  if (random.chance(0.05)) add(child, 'address_protected', 'user:*');
  if (random.chance(0.85)) add(child, 'listed_with', random.pick(org.gpClinics));
  if (random.chance(0.4)) {
    const start = NOW - random.int(400) * DAY;
    const end = start + (30 + random.int(400)) * DAY;
    add(child, 'in_course_at', random.pick(org.psychiatryUnits), {
      name: 'course_in_window',
      context: { course_start: iso(start), course_end: iso(end) },
    });
  }

  const cases: string[] = [];
  const caseCount = random.int(4);
  for (let c = 0; c < caseCount; c++) {
    const m = random.chance(0.8) ? home : random.pick(org.municipalities);
    const id = `case:${random.hex(8)}-${index}-${c}`;
    cases.push(id);
    const units = org.units.get(m)!;
    add(id, 'municipality', `municipality:${m}`);
    add(id, 'party', child);
    const subject = random.pick(KLE_SUBJECTS);
    const unit = random.pick(units).slice('org_unit:'.length);
    add(id, 'subject', `kle:${m}-${subject}`);
    for (const kle of kleChain(subject)) add(id, 'scope', `case_scope:${unit}/${kle}`);
    add(id, 'sensitivity', `sensitivity:${m}-${random.pick(SENSITIVITY_LEVELS)}`);
    add(id, 'active', 'user:*', {
      name: 'case_in_progress',
      context: { progress_state: random.pick(STATES) },
    });
    add(child, 'municipal_case', id);
  }

  // A block on a place: the place's staff, the place naming its organisation (model.fga, `type place`).
  const blockPlace = (relation: string, organisation: string) => {
    const place = `place:${organisation.replace(':', '-')}-${relation}`;
    add(child, 'blocked', `${place}#staff`);
    add(place, relation, organisation);
  };
  if (random.chance(0.15)) add(child, 'blocked', random.pick([...org.gps, ...org.municipalUsers]));
  if (random.chance(0.1)) blockPlace('gp_clinic', random.pick(org.gpClinics));
  if (random.chance(0.08)) {
    const unit = random.pick(org.units.get(home)!);
    blockPlace(random.chance(0.5) ? 'org_unit_and_below' : 'org_unit', unit);
  }
  if (random.chance(0.05)) blockPlace('psychiatry_unit_and_below', random.pick(org.psychiatryUnits));
  if (random.chance(0.03)) blockPlace('psychiatry_unit', random.pick(org.psychiatryUnits));
  if (random.chance(0.05)) {
    const start = NOW - random.int(60) * DAY;
    add(child, 'blocked', 'user:*', {
      name: 'block_in_force',
      context: { block_start: iso(start), block_end: iso(start + random.int(90) * DAY) },
    });
  }
  if (random.chance(0.1)) {
    add(child, 'block_override', random.pick([...org.gps, ...org.municipalUsers]), {
      name: 'override_reason_accepted',
      context: { override_reason: random.pick(['citizen_consent', 'vital_interest', 'curiosity']) },
    });
  }
  return {
    child,
    cases,
    contextualTuples: tuples,
    context: { current_time: iso(NOW + random.int(30) * DAY) },
  };
}

/** A check about the child by a professional, biased towards people who plausibly relate to it. */
export function generateCheck(random: Random, org: Organisation, scenario: ChildScenario): CheckRequest {
  const related = scenario.contextualTuples.flatMap((t) => {
    // A named professional: blocked (or overriding) as a user, not as a place's staff or everyone.
    if (t.relation === 'block_override' || (t.relation === 'blocked' && /^user:[^*]/.test(t.user)))
      return [t.user];
    const place = t.user.split('#')[0]!;
    const staff = org.staff.get(place);
    return staff && t.relation !== 'party' ? [random.pick(staff)] : [];
  });
  const strangers = [org.gps, org.psychiatrists, org.municipalUsers, org.auditors].map((pool) =>
    random.pick(pool),
  );
  const user = random.pick([...strangers, ...related, ...related]);
  const onCase = scenario.cases.length > 0 && random.chance(0.35);
  return {
    user,
    relation: onCase ? random.pick(CASE_PERMISSIONS) : random.pick(CHILD_PERMISSIONS),
    object: onCase ? random.pick(scenario.cases) : scenario.child,
    contextualTuples: scenario.contextualTuples,
    context: scenario.context,
  };
}

/**
 * A child with many cases as a function pulls them (`ChildFacts`), for the
 * decisions the child-access pipeline makes: cases in its home municipality
 * with random units, KLE subjects, sensitivities and progress states (about a
 * quarter closed), a GP listing, sometimes a course, a block and an override.
 */
export function generateChildFacts(
  random: Random,
  org: Organisation,
  index: number,
  caseCount: number,
): ChildFacts {
  const home = random.pick(org.municipalities);
  const bare = (id: string) => id.slice(id.indexOf(':') + 1);
  const cases: MunicipalCase[] = Array.from({ length: caseCount }, (_, c) => {
    const progressState = random.pick(PROGRESS_STATES);
    return {
      id: `${random.hex(8)}-0000-4000-8000-${String(index * 1000 + c).padStart(12, '0')}`,
      municipality: home,
      kle: kleChain(random.pick(KLE_SUBJECTS))[2]!,
      handlingFacet: 'G01',
      progressState,
      stateSince: iso(NOW - random.int(300) * DAY),
      active: progressState !== 'Afsluttet',
      sensitivity: random.pick(SENSITIVITY_LEVELS),
      responsibleUnitId: bare(random.pick(org.units.get(home)!)),
    };
  });
  const start = NOW - random.int(100) * DAY;
  return {
    child: `p-${random.hex(24)}${index.toString(16).padStart(8, '0')}`,
    cases,
    gpClinicSor: bare(random.pick(org.gpClinics)),
    courses: random.chance(0.5)
      ? [{ unitSor: bare(random.pick(org.psychiatryUnits)), start: iso(start), end: null }]
      : [],
    blocks: random.chance(0.3)
      ? [{ kind: 'professional', professional: random.pick(org.gps).slice('user:health/'.length) }]
      : [],
    residenceMunicipality: home,
  };
}
