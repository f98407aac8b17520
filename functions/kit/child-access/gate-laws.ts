import type { TupleKey } from '../../openfga-embedded/vocabulary/types.ts';

/**
 * POL-004.8: a permission on a case that is the gate on its party and a
 * relation of the case alone. The model writes `case#can_view_case_contact`
 * whole — the case shared with health, and the asker's relation to the
 * child and the child's blocks through `party` — so each case's check
 * evaluates the child's part again, reading the child's facts once more per
 * case. On a case whose one party is the child the gate was asked about (the
 * only cases the kit's facts make: child-fact-tuples.ts), the permission is
 * the gate and the relation of the case (test/authz/gate-law.test.ts holds
 * the model to it, with blocks and overrides), so the decision asks the gate
 * once and each case only its own part. Both forms of the permission follow
 * the gate's forms: `_without_override` with the gate's `_without_override`.
 */
export interface GateLaw {
  /** The permission on the item, `type#relation`. */
  readonly permission: string;
  /** The gate on the child, `child#relation`, whose decision it contains. */
  readonly gate: string;
  /** The relation of the item alone, `type#relation`, that completes it. */
  readonly rest: string;
}

export const GATE_LAWS: readonly GateLaw[] = [
  {
    permission: 'case#can_view_case_contact',
    gate: 'child#can_lookup_cases',
    rest: 'case#shared_with_health',
  },
];

const byKey = new Map(GATE_LAWS.map((law) => [`${law.permission}@${law.gate}`, law]));

/**
 * The relation to ask of an object of `objectType` instead of `relation`, given the
 * decision's gate on the child; undefined where no law applies (the permission is asked whole).
 */
export function restOfGate(gate: string, relation: string, objectType: string): string | undefined {
  const law = byKey.get(`${objectType}#${relation}@child#${gate}`);
  return law?.rest.slice(law.rest.indexOf('#') + 1);
}

/**
 * POL-007.15: the organisation a GP's lookup ran through, without asking it.
 * `child#can_lookup_cases` allows (in either form) only through
 * `treating_professional`: a GP of the clinic the child is listed with, or a
 * psychiatrist at a unit running its course. A child with no course leaves
 * the listing the one way in, so when the gate allows, the asker is a GP of
 * the listed clinic: the record names it with no check of its own
 * (test/authz/gate-law.test.ts holds the model to it). Any other set of
 * candidates is checked, each in the decision's batch.
 */
export function impliedAttribution(
  gate: string,
  facts: { readonly gpClinicSor?: string | null; readonly courses?: readonly unknown[] },
  attributions: readonly { readonly relation: string; readonly object: string }[],
): boolean {
  const [only, ...more] = attributions;
  return (
    more.length === 0 &&
    (gate === 'can_lookup_cases' || gate === 'can_lookup_cases_without_override') &&
    !facts.courses?.length &&
    Boolean(facts.gpClinicSor) &&
    only?.relation === 'gp' &&
    only.object === `gp_clinic:${facts.gpClinicSor}`
  );
}

/**
 * POL-008.8: the relation each permission is asked as when no block of the
 * child can reach the asker. Every `can_<verb>` is `<base> but not
 * blocked_unless_overridden` and its twin `<base> but not blocked`; the
 * child's `blocked` is never stored (policies/tuple-storage.yaml: contextual),
 * so it holds only through the request's own `blocked` tuples, and a tuple
 * naming another professional never reaches the asker. Without one that
 * names the asker, a place's staff or everyone, both forms are the base, and
 * the server skips the branch that reads the blocks (on the server about half
 * of a health gate's cost, bench:authz's table of parts).
 * test/authz/block-law.test.ts holds this table to the model and the law to
 * its answers.
 */
export const UNBLOCKED_BASES: ReadonlyMap<string, string> = new Map([
  ['case#can_view_case_contact', 'contact_viewer'],
  ['child#can_lookup_cases', 'treating_professional'],
  ['child#can_read_correspondence', 'correspondence_reader'],
  ['child#can_send_correspondence', 'correspondent'],
  ['child#can_view_appointments', 'appointments_viewer'],
  ['child#can_view_school', 'school_viewer'],
]);

/**
 * The base to ask of an object of `objectType` for `relation` (either form) when no
 * block reaches the asker; undefined where the permission has no base (asked as it is).
 */
export function unblockedBase(relation: string, objectType: string): string | undefined {
  return UNBLOCKED_BASES.get(`${objectType}#${relation.replace(/_without_override$/, '')}`);
}

/**
 * Whether any of the child's `blocked` tuples can reach `user`: one naming them,
 * everyone (`user:*`, whatever its period) or a userset (a place's staff).
 * A tuple naming another user never decides the asker's `blocked`.
 */
export function blockReaches(childTuples: readonly TupleKey[], user: string): boolean {
  return childTuples.some(
    (t) => t.relation === 'blocked' && (t.user === user || t.user === 'user:*' || t.user.includes('#')),
  );
}
