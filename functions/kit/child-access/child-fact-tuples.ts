import type { MunicipalCase } from '../../contracts/case-index.ts';
import type { CitizenBlock } from '../../contracts/citizen-blocks.ts';
import type { PsychiatryCourse } from '../../contracts/psychiatry-courses.ts';
import { kleChain } from '../../contracts/wire.ts';
import type { TupleKey } from '../../openfga-embedded/vocabulary/types.ts';
import { scopedUser } from '../../runtime/auth/principal.ts';

/** A course without a planned end counts until the end of time (openfga/model/README.md). */
const OPEN_END = '9999-12-31T23:59:59Z';

/** The facts about one child a function pulled for this request (POL-001: never stored). */
export interface ChildFacts {
  /** `p-<32 hex>`, the keyed pseudonym. */
  readonly child: string;
  readonly cases?: readonly MunicipalCase[];
  readonly gpClinicSor?: string | null;
  readonly courses?: readonly PsychiatryCourse[];
  readonly blocks?: readonly CitizenBlock[];
  readonly residenceMunicipality?: string;
  /** Custody holders as keyed pseudonyms. */
  readonly custodyHolders?: readonly string[];
  readonly addressProtected?: boolean;
  /**
   * When the child turns 15 (RFC 3339), from CPR's birth date where it agrees
   * with the CPR number: the child sees its own log from then, its custody
   * holders until then (POL-007.11, POL-007.12). Left out, neither does.
   */
  readonly turns15At?: string;
  /** A værdispring declared by the asking professional for this request. */
  readonly override?: { readonly user: string; readonly reason: string };
}

/**
 * The contextual tuples of `openfga/model/model.fga` for these facts, exactly
 * as its README's contract lists them. Only the facts given are sent: a caller
 * that needs blocks must have fetched them (POL-002.5).
 */
export function childFactTuples(facts: ChildFacts): TupleKey[] {
  const child = `child:${facts.child}`;
  return [...(facts.cases ?? []).flatMap((c) => caseTuples(child, c)), ...childTuples(facts)];
}

/** The same facts grouped by what they can decide, so a check is sent only the tuples that can decide it. */
export interface ChildFactTupleSets {
  /** Facts about the child itself (CPR facts, GP listing, courses, blocks, the override). */
  readonly child: readonly TupleKey[];
  /**
   * Each case's tuples (six, and one scope per level of its KLE subject) by `case:<id>`, closed cases left out: every relation
   * a case decides needs its `active` tuple, whose condition a closed case
   * (`Afsluttet`) never satisfies (the model property decide.test.ts checks).
   */
  readonly cases: ReadonlyMap<string, readonly TupleKey[]>;
}

export function childFactTupleSets(facts: ChildFacts): ChildFactTupleSets {
  const child = `child:${facts.child}`;
  const cases = new Map<string, readonly TupleKey[]>();
  for (const c of facts.cases ?? []) {
    if (c.progressState !== CLOSED) cases.set(`case:${c.id}`, sealed(caseTuples(child, c)));
  }
  return { child: sealed(childTuples(facts)), cases };
}

/**
 * Each tuple frozen through its condition's context: no fact changes after it
 * is pulled, and the embedded evaluator hands the overlay of a list of frozen
 * tuples out again comparing the tuple objects only (openfga-embedded
 * contextual-tuples.ts). The list stays open: the evaluator notes its overlay
 * on it.
 */
function sealed(tuples: TupleKey[]): readonly TupleKey[] {
  for (const tuple of tuples) {
    if (tuple.condition) {
      if (tuple.condition.context) Object.freeze(tuple.condition.context);
      Object.freeze(tuple.condition);
    }
    Object.freeze(tuple);
  }
  return tuples;
}

/** FK Sags- og Dokumentindeks' progress state of a closed case. */
const CLOSED = 'Afsluttet';

function caseTuples(child: string, c: MunicipalCase): TupleKey[] {
  const kase = `case:${c.id}`;
  return [
    { user: kase, relation: 'municipal_case', object: child },
    { user: child, relation: 'party', object: kase },
    { user: `municipality:${c.municipality}`, relation: 'municipality', object: kase },
    { user: `kle:${c.municipality}-${c.kle}`, relation: 'subject', object: kase },
    // The responsible unit with the subject and each KLE number above it (model: case#scope).
    ...kleChain(c.kle).map((kle) => ({
      user: `case_scope:${c.responsibleUnitId}/${kle}`,
      relation: 'scope',
      object: kase,
    })),
    { user: `sensitivity:${c.municipality}-${c.sensitivity}`, relation: 'sensitivity', object: kase },
    {
      user: 'user:*',
      relation: 'active',
      object: kase,
      condition: { name: 'case_in_progress', context: { progress_state: c.progressState } },
    },
  ];
}

function childTuples(facts: ChildFacts): TupleKey[] {
  const child = `child:${facts.child}`;
  const tuples: TupleKey[] = [];
  const add = (user: string, relation: string, object: string, condition?: TupleKey['condition']) =>
    tuples.push(condition ? { user, relation, object, condition } : { user, relation, object });

  if (facts.residenceMunicipality)
    add(`municipality:${facts.residenceMunicipality}`, 'residence_municipality', child);
  for (const holder of facts.custodyHolders ?? []) add(`citizen:${holder}`, 'custody_holder', child);
  if (facts.turns15At) {
    // The child as a citizen has the child's own pseudonym: the same CPR number under the same key.
    const age = { turns_15_at: facts.turns15At };
    add(`citizen:${facts.child}`, 'own_log_viewer', child, { name: 'from_age_15', context: age });
    add('citizen:*', 'under_15', child, { name: 'before_age_15', context: age });
  }
  if (facts.addressProtected) add('user:*', 'address_protected', child);
  if (facts.gpClinicSor) add(`gp_clinic:${facts.gpClinicSor}`, 'listed_with', child);
  for (const course of facts.courses ?? []) {
    add(`psychiatry_unit:${course.unitSor}`, 'in_course_at', child, {
      name: 'course_in_window',
      context: { course_start: course.start, course_end: course.end ?? OPEN_END },
    });
  }
  for (const block of facts.blocks ?? []) tuples.push(...blockTuples(child, block));
  if (facts.override) {
    add(facts.override.user, 'block_override', child, {
      name: 'override_reason_accepted',
      context: { override_reason: facts.override.reason },
    });
  }
  return tuples;
}

function blockTuples(child: string, block: CitizenBlock): TupleKey[] {
  switch (block.kind) {
    case 'professional':
      // A professional as their trust domain names them: a municipality's employee, or (NSP's
      // usual case) a health professional.
      return [
        {
          user: scopedUser(
            block.municipality
              ? { domain: 'municipal', municipality: block.municipality }
              : { domain: 'health' },
            block.professional,
          ),
          relation: 'blocked',
          object: child,
        },
      ];
    case 'period':
      return [
        {
          user: 'user:*',
          relation: 'blocked',
          object: child,
          condition: { name: 'block_in_force', context: { block_start: block.start, block_end: block.end } },
        },
      ];
    case 'place': {
      // The place's staff are blocked; the place names its organisation (model.fga, `type place`).
      const { relation, organisation } = placeOf(block.place);
      const place = `place:${organisation.replace(':', '-')}${relation.endsWith('_and_below') ? '-and-below' : ''}`;
      return [
        { user: `${place}#staff`, relation: 'blocked', object: child },
        { user: organisation, relation, object: place },
      ];
    }
  }
}

/** The place relation naming a blocked place's organisation, and the organisation. */
function placeOf(place: Extract<CitizenBlock, { kind: 'place' }>['place']): {
  relation: string;
  organisation: string;
} {
  if (place.type === 'gp_clinic') return { relation: 'gp_clinic', organisation: `gp_clinic:${place.sor}` };
  if (place.type === 'psychiatry_unit')
    return {
      relation: place.includeSubunits ? 'psychiatry_unit_and_below' : 'psychiatry_unit',
      organisation: `psychiatry_unit:${place.sor}`,
    };
  return {
    relation: place.includeSubunits ? 'org_unit_and_below' : 'org_unit',
    organisation: `org_unit:${place.unitId}`,
  };
}
