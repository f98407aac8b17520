import type { Hono } from 'hono';
import type { MunicipalCase } from '../contracts/case-index.ts';
import { childAccess } from '../kit/child-access/pipeline.ts';
import { childAccessProblems } from '../kit/child-access/problems.ts';
import { functionApp } from '../kit/function-app.ts';
import type { Kit } from '../kit/kit.ts';
import { AppError } from '../runtime/http/app-error.ts';
import type { ApiOperation } from '../runtime/openapi/operation.ts';
import { municipalityName } from '../runtime/reference/municipalities.ts';
import { type SearchResponse, searchRequest, searchResponse } from './search-request.ts';

/** What `/openapi.json` and `/docs` show of the route below: the schemas are the ones it validates with. */
export const SEARCH_RELEVANT_CASES: ApiOperation = {
  method: 'post',
  path: '/v1/relevant-cases/search',
  operationId: 'searchRelevantCases',
  summary: 'Does the child have a relevant active municipal case, and whom to contact?',
  description:
    'For a GP or child psychiatrist with a treatment relation to the child. Existence and contact only; ' +
    'the CPR number travels in the body, never in the URL; every decision is logged before anything is answered.',
  requestBody: { name: 'SearchRequest', schema: searchRequest },
  responses: {
    200: { description: 'The visible cases', body: { name: 'SearchResponse', schema: searchResponse } },
  },
  problems: childAccessProblems(),
};

/**
 * "Er der gang i noget?" — a GP or psychiatrist with a relation to the child
 * asks whether it has a relevant active municipal case and whom to call.
 * Existence and contact only (POL-004.6); facts pulled per request and never
 * kept (POL-001); every decision audited before anything is answered (POL-007.5).
 */
export function createApp(kit: Kit): Hono {
  const app = functionApp(kit, [SEARCH_RELEVANT_CASES]);
  app.post(
    SEARCH_RELEVANT_CASES.path,
    childAccess(kit, {
      action: 'relevant_cases.search',
      body: searchRequest,
      facts: ['cases', 'gpListing', 'courses', 'blocks'],
      gate: 'can_lookup_cases',
      items: ({ cases }) =>
        cases
          .filter((k) => k.active)
          .map((k) => ({ relation: 'can_view_case_contact', object: `case:${k.id}`, value: k })),
      // The record names the clinic or unit the treating relation ran through.
      attributions: ({ facts }) => [
        ...(facts.gpClinicSor ? [{ relation: 'gp', object: `gp_clinic:${facts.gpClinicSor}` }] : []),
        ...(facts.courses ?? []).map((course) => ({
          relation: 'psychiatrist_in_subtree',
          object: `psychiatry_unit:${course.unitSor}`,
        })),
      ],
      // The responsible units' contacts (organisation data).
      prepare: ({ visible }) => Promise.all(visible.map((k) => describeCase(kit, k))),
      answer: ({ visible, prepared, overrideUsed }): SearchResponse => ({
        hasRelevantCase: visible.length > 0,
        cases: prepared,
        overrideUsed,
      }),
      allowReason: 'treating_relation',
      denials: {
        blocked_by_citizen: 'The citizen has blocked access; an override with a reason is possible',
        no_relation_to_child: 'You have no treatment relation to this child',
      },
    }),
  );
  return app;
}

/** Existence and contact only (POL-004.6): the owner municipality and the responsible unit's contact point. */
async function describeCase(kit: Kit, k: MunicipalCase): Promise<SearchResponse['cases'][number]> {
  const unit = await kit.upstreams.organisation.unit(k.responsibleUnitId);
  if (!unit)
    throw new AppError(
      502,
      'upstream_invalid_response',
      'FK Organisation does not know the responsible unit',
    );
  return {
    municipality: { code: k.municipality, name: municipalityName(k.municipality) },
    responsibleUnit: { name: unit.name, phone: unit.contact.phone, secureEmail: unit.contact.secureEmail },
    since: k.stateSince,
  };
}
