/**
 * The checks `npm run bench:authz` measures: every `can_*` a function's
 * manifest lists (`permissionsChecked`), each for the personas that should be
 * allowed and one that should not, plus the floor — a stored tuple with no
 * contextual tuples. The requests are the ones the functions send: the
 * child-access pipeline's `decide` is run against a recorder behind the
 * authorizer's fact scoping (runtime/authz/scoped-authorizer.ts), so the
 * contextual tuples (which facts, how split, which a relation can read) follow
 * the kit when it changes.
 */

import type { ChildFacts } from '../../../functions/kit/child-access/child-fact-tuples.ts';
import { decide } from '../../../functions/kit/child-access/decide.ts';
import { restOfGate } from '../../../functions/kit/child-access/gate-laws.ts';
import { findFunctions } from '../../../functions/kit/find-functions.ts';
import type { RelevantCasesPolicy } from '../../../functions/kit/org-sync/relevant-cases-policy.ts';
import type {
  AuthorizationModel,
  CheckRequest,
} from '../../../functions/openfga-embedded/vocabulary/types.ts';
import type { Authorizer } from '../../../functions/runtime/authz/port.ts';
import { scopedAuthorizer } from '../../../functions/runtime/authz/scoped-authorizer.ts';
import { type BenchPeople, SENSITIVITY_OF_CASES } from './organisation.ts';

export interface PermissionCheck {
  /** `child#can_view_school`, or `floor` for the stored tuple. */
  readonly permission: string;
  readonly persona: string;
  readonly expected: boolean;
  /**
   * What a decision sends for this permission, for each of as many children,
   * children no other row asks about: every request differs from every other
   * of the run, as requests about different children do, so a server's cache
   * answers none of them from an earlier one.
   */
  readonly requests: readonly CheckRequest[];
}

const NOW = new Date('2026-11-25T10:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const DAY = 86_400_000;
/** Keyed pseudonyms have 32 hex digits; the index makes each variant's child (and guardian) its own. */
const pseudonym = (prefix: string, index: number) =>
  `p-${prefix.repeat(24)}${index.toString(16).padStart(8, '0')}`;
const OVERRIDE_REASON = 'citizen_consent';

type PersonaKey = Exclude<
  keyof BenchPeople,
  'municipality' | 'responsibleUnit' | 'gpClinicSor' | 'psychiatryUnitSor' | 'gpClinics'
>;
type Asker = PersonaKey | 'guardian';

/** Who should be allowed and who should not, per permission (the base name, without `_without_override`). */
const ASKERS: Readonly<Record<string, { allowed: readonly Asker[]; denied: Asker }>> = {
  can_lookup_cases: { allowed: ['gp', 'psychiatrist'], denied: 'gpOtherClinic' },
  can_view_case_contact: { allowed: ['gp', 'psychiatrist'], denied: 'gpOtherClinic' },
  can_view_school: { allowed: ['gp', 'psychiatrist'], denied: 'gpOtherClinic' },
  can_view_appointments: { allowed: ['caseworker', 'pprPsychologist'], denied: 'caseworkerElsewhere' },
  can_send_correspondence: { allowed: ['gp', 'caseworker'], denied: 'gpOtherClinic' },
  can_read_correspondence: { allowed: ['gp', 'leader'], denied: 'caseworkerElsewhere' },
  can_view_access_log: { allowed: ['guardian', 'auditor'], denied: 'auditorElsewhere' },
};

/** `child#can_x` of every function's manifest, sorted, without duplicates. */
export async function checkedPermissions(): Promise<string[]> {
  const functions = await findFunctions();
  return [...new Set(functions.flatMap((f) => f.manifest.permissionsChecked ?? []))].sort();
}

/** The child the checks are about: two open cases and a closed one in the responsible unit, a GP listing, a course, a block of someone else. */
export function benchChild(people: BenchPeople, relevantCases: RelevantCasesPolicy, index = 0): ChildFacts {
  const kle = relevantCases.kleSubjects;
  const aCase = (n: number, subject: string, progressState: 'Oplyst' | 'Afsluttet') => ({
    id: `0000000${n}-0000-4000-8000-${index.toString(16).padStart(12, '0')}`,
    municipality: people.municipality,
    kle: subject,
    handlingFacet: 'G01',
    progressState,
    stateSince: iso(NOW.getTime() - 40 * DAY),
    active: progressState !== 'Afsluttet',
    sensitivity: SENSITIVITY_OF_CASES,
    responsibleUnitId: people.responsibleUnit,
  });
  return {
    child: pseudonym('b', index),
    cases: [
      aCase(1, kle[1] ?? kle[0]!, 'Oplyst'),
      aCase(2, kle.at(-1)!, 'Oplyst'),
      aCase(3, kle[0]!, 'Afsluttet'),
    ],
    gpClinicSor: people.gpClinicSor,
    courses: [{ unitSor: people.psychiatryUnitSor, start: iso(NOW.getTime() - 30 * DAY), end: null }],
    blocks: [{ kind: 'professional', professional: 'gp-3-3' }],
    residenceMunicipality: people.municipality,
    custodyHolders: [pseudonym('a', index)],
    // A child of ten: its custody holders see its log (POL-007.12).
    turns15At: iso(NOW.getTime() + 5 * 365 * DAY),
    addressProtected: false,
  };
}

/**
 * Every permission for each of its personas, allowed and denied, and the
 * floor. A permission the table above does not know is answered as such, so
 * a new `can_*` shows up in the bench instead of being skipped silently.
 */
export async function permissionChecks(
  permissions: readonly string[],
  people: BenchPeople,
  relevantCases: RelevantCasesPolicy,
  /** How many children (distinct requests) each check is asked about. */
  variants: number,
  /** The model the checks are asked under: each carries the facts its relation can read under it. */
  model: AuthorizationModel,
  /** Where the children start, in rows of `variants`: a later call's children none of an earlier one's. */
  firstRow = 0,
): Promise<{ checks: PermissionCheck[]; unknown: string[] }> {
  // Each row asks about children of its own: two rows that send the same check (a `can_*`
  // asked as its twin, and the twin's own row) would otherwise send the very same requests,
  // and the server's check cache would answer the second row from the first.
  let row = firstRow;
  const childrenOfNextRow = () => {
    const first = row++ * variants;
    return Array.from({ length: variants }, (_, i) => benchChild(people, relevantCases, first + i));
  };
  const checks: PermissionCheck[] = [
    {
      permission: 'floor: gp_clinic#gp (stored, no contextual tuples)',
      persona: 'gp',
      expected: true,
      // The floor varies too: the first GP of each clinic at that clinic, each request at its
      // own moment. A decision's checks carry `current_time`; here it decides nothing, but it
      // keeps the server's check cache from answering the floor from an earlier request (with
      // a few clinics it otherwise answered nearly all of them, a floor no permission row,
      // each on children of its own, could be measured against).
      requests: Array.from({ length: variants }, (_, i) => {
        const { sor, gp } = people.gpClinics[i % people.gpClinics.length]!;
        return {
          user: gp,
          relation: 'gp',
          object: `gp_clinic:${sor}`,
          context: { current_time: iso(NOW.getTime() + i * 1000) },
        };
      }),
    },
  ];
  const unknown: string[] = [];
  const declared: ReadonlySet<string> = new Set(permissions);
  for (const permission of permissions) {
    const [type, relation] = permission.split('#') as [string, string];
    const twin = relation.endsWith('_without_override');
    const base = relation.replace(/_without_override$/, '');
    const askers = ASKERS[base];
    if (!askers) {
      unknown.push(permission);
      continue;
    }
    // A case permission a gate law names is asked as its own part behind the gate (POL-004.8,
    // gate-laws.ts), in both forms: the row measures that part, for the personas the gate lets
    // through (a refusal is the gate's, in the gate's rows).
    const rest = type === 'case' ? restOfGate('can_lookup_cases', base, type) : undefined;
    // A twin is asked only when the request declares an override and a block reaches the asker
    // (decide.ts): its first persona, blocked by name and overriding. Blocked, the twin refuses
    // (a case's own part behind the gate does not read the blocks).
    const who: [Asker, boolean][] = twin
      ? [[askers.allowed[0]!, rest !== undefined]]
      : [
          ...askers.allowed.map((a): [Asker, boolean] => [a, true]),
          ...(rest ? [] : [[askers.denied, false] as [Asker, boolean]]),
        ];
    for (const [asker, expected] of who) {
      const requests: CheckRequest[] = [];
      for (const child of childrenOfNextRow()) {
        const user = asker === 'guardian' ? `citizen:${child.custodyHolders![0]}` : people[asker];
        const facts = twin ? overriding(child, user) : child;
        const object = type === 'case' ? `case:${child.cases![0]!.id}` : `child:${child.child}`;
        const asked = await recordDecision(
          model,
          user,
          facts,
          base,
          type === 'case' ? object : undefined,
          declared,
        );
        // The row measures what the decision sent for it on its object: the twin itself; else the
        // one check there, which laws may have made a base (POL-008.8), a declared twin, or a
        // case's own part (POL-004.8).
        const onObject = asked.filter((r) => r.object === object);
        requests.push(
          ...(twin && !rest ? onObject.filter((r) => r.relation === relation) : onObject.slice(0, 1)),
        );
      }
      if (requests.length === 0) throw new Error(`decide() asked nothing for ${permission}`);
      checks.push({ permission, persona: asker, expected, requests });
    }
  }
  return { checks, unknown };
}

/** The child with a block naming `user` (their Min Spærring), and `user` overriding it. */
function overriding(child: ChildFacts, user: string): ChildFacts {
  const [, domain, subject] = /^user:([^/]+)\/(.+)$/.exec(user) ?? [];
  if (!domain || !subject) throw new Error(`a twin's row needs an employee, not ${user}`);
  const block = /^\d{3}$/.test(domain)
    ? { kind: 'professional' as const, professional: subject, municipality: domain }
    : { kind: 'professional' as const, professional: subject };
  return {
    ...child,
    blocks: [...(child.blocks ?? []), block],
    override: { user, reason: OVERRIDE_REASON },
  };
}

/** What `decide` asks for one decision: the gate on the child, and the case as an item when given. */
async function recordDecision(
  model: AuthorizationModel,
  user: string,
  facts: ChildFacts,
  relation: string,
  caseObject: string | undefined,
  /** The `type#relation`s the functions declare, as their pipelines hand them to decide(). */
  declared: ReadonlySet<string>,
): Promise<CheckRequest[]> {
  const asked: CheckRequest[] = [];
  const allowAll = async (requests: readonly CheckRequest[]) => {
    asked.push(...requests);
    return requests.map(() => ({ allowed: true }));
  };
  const recorder: Authorizer = {
    check: async (request) => (await allowAll([request]))[0]!,
    batchCheck: allowAll,
    listObjects: () => Promise.reject(new Error('not recorded')),
    explain: () => Promise.reject(new Error('not recorded')),
    ready: async () => true,
    close: async () => {},
  };
  await decide(
    scopedAuthorizer(recorder, async () => model),
    {
      user,
      facts,
      // A case permission rides as an item behind case-lookup's gate, as the function asks it.
      gate: caseObject ? 'can_lookup_cases' : relation,
      items: caseObject ? [{ relation, object: caseObject, value: caseObject }] : [],
      now: NOW,
      declared,
    },
  );
  return asked;
}
