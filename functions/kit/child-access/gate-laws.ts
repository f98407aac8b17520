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
