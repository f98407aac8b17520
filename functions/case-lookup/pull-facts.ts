import type { ChildFacts } from '../core/child-facts/child-fact-tuples.ts';
import type { Cpr } from '../core/cpr/cpr.ts';
import type { MunicipalCase } from '../core/upstreams/case-index.ts';
import type { CaseLookupDeps } from './deps.ts';

/**
 * Pulls, in parallel and for this request only, the facts the decision needs:
 * the child's cases, GP listing, psychiatry courses and Min Spærring blocks.
 * Any failure fails the request (POL-002.5): no answer without the blocks.
 */
export async function pullFacts(
  upstreams: CaseLookupDeps['upstreams'],
  cpr: Cpr,
  child: string,
): Promise<{ facts: ChildFacts; cases: readonly MunicipalCase[] }> {
  const [cases, listing, courses, blocks] = await Promise.all([
    upstreams.caseIndex.casesOfParty(cpr),
    upstreams.gpListing.listingOf(cpr),
    upstreams.courses.coursesOf(cpr),
    upstreams.blocks.blocksOf(cpr),
  ]);
  return { facts: { child, cases, gpClinicSor: listing?.clinicSor ?? null, courses, blocks }, cases };
}
