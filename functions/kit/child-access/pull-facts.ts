import type { MunicipalCase } from '../../contracts/case-index.ts';
import type { Person } from '../../contracts/cpr-register.ts';
import { turnsAgeAt } from '../../runtime/cpr/age.ts';
import type { Cpr } from '../../runtime/cpr/cpr.ts';
import type { Upstreams } from '../kit.ts';
import type { ChildFacts } from './child-fact-tuples.ts';

/** The facts about a child the pipeline can pull, each from one upstream contract. */
export const CHILD_FACTS = ['cases', 'gpListing', 'courses', 'blocks', 'person'] as const;
export type ChildFactName = (typeof CHILD_FACTS)[number];

/** What was pulled for this request, beside the facts as the model sees them. */
export interface PulledFacts {
  readonly facts: ChildFacts;
  /** All the child's cases, active or not (empty when `cases` was not pulled). */
  readonly cases: readonly MunicipalCase[];
  /** CPR's answer (`null`: CPR knows no such person, or `person` was not pulled). */
  readonly person: Person | null;
}

/**
 * Pulls, in parallel and for this request only, the named facts. Any failure
 * fails the request (POL-002.5): no answer without, say, the blocks.
 */
export async function pullFacts(
  upstreams: Upstreams,
  names: readonly ChildFactName[],
  cpr: Cpr,
  child: string,
): Promise<PulledFacts> {
  const want = new Set(names);
  const [cases, listing, courses, blocks, person] = await Promise.all([
    want.has('cases') ? upstreams.caseIndex.casesOfParty(cpr) : undefined,
    want.has('gpListing') ? upstreams.gpListing.listingOf(cpr) : undefined,
    want.has('courses') ? upstreams.courses.coursesOf(cpr) : undefined,
    want.has('blocks') ? upstreams.blocks.blocksOf(cpr) : undefined,
    want.has('person') ? upstreams.cprRegister.lookup(cpr) : undefined,
  ]);
  const facts: ChildFacts = {
    child,
    ...(cases ? { cases } : {}),
    ...(want.has('gpListing') ? { gpClinicSor: listing?.clinicSor ?? null } : {}),
    ...(courses ? { courses } : {}),
    ...(blocks ? { blocks } : {}),
    ...(person
      ? {
          residenceMunicipality: person.residenceMunicipality,
          custodyHolders: person.custodyHolders,
          addressProtected: person.addressProtected,
          // POL-007.11: the register's birth date counts only where the number says the same.
          ...(person.birthDate === cpr.birthDate
            ? { turns15At: turnsAgeAt(person.birthDate, 15).toISOString() }
            : {}),
        }
      : {}),
    // A person CPR does not know may be protected for all we know: fail closed (POL-005.2).
    ...(want.has('person') && !person ? { addressProtected: true } : {}),
  };
  return { facts, cases: cases ?? [], person: person ?? null };
}
