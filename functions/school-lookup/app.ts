import type { Hono } from 'hono';
import type { Institution } from '../contracts/institutions.ts';
import { childAccess } from '../kit/child-access/pipeline.ts';
import { childAccessProblems } from '../kit/child-access/problems.ts';
import { functionApp } from '../kit/function-app.ts';
import type { Kit } from '../kit/kit.ts';
import type { ApiOperation } from '../runtime/openapi/operation.ts';
import { municipalityName } from '../runtime/reference/municipalities.ts';
import { type SchoolResponse, schoolRequest, schoolResponse } from './school-request.ts';

/** What `/openapi.json` and `/docs` show of the route below: the schemas are the ones it validates with. */
export const SEARCH_SCHOOL: ApiOperation = {
  method: 'post',
  path: '/v1/school-or-daycare/search',
  operationId: 'searchSchoolOrDaycare',
  summary: 'Which school or daycare does the child attend, and whom to call there?',
  description:
    'For a GP or child psychiatrist with a treatment relation to the child. Name, institution number, address ' +
    'and main contact of the current school or daycare, or an explicit `enrolled: false`. A child with name and ' +
    'address protection is refused (`address_protected`, told only to a professional case-lookup would answer). ' +
    'The CPR number travels in the body, never in the URL; every decision is logged before anything is answered.',
  requestBody: { name: 'SchoolRequest', schema: schoolRequest },
  responses: {
    200: {
      description: 'The school or daycare, or none',
      body: { name: 'SchoolResponse', schema: schoolResponse },
    },
  },
  problems: childAccessProblems({ 403: ['address_protected'] }),
};

/**
 * The child's school or daycare for its GP or psychiatrist (POL-005): where it
 * is enrolled and whom to call, never anything about its cases. Facts pulled
 * per request and never kept (POL-001); every decision audited before
 * anything is answered (POL-007.5); STIL is asked only after an allow.
 */
export function createApp(kit: Kit): Hono {
  const app = functionApp(kit, [SEARCH_SCHOOL]);
  app.post(
    SEARCH_SCHOOL.path,
    childAccess(kit, {
      action: 'school.lookup',
      body: schoolRequest,
      // The treatment relation (listing, course), the blocks, and CPR's name-and-address protection.
      facts: ['gpListing', 'courses', 'blocks', 'person'],
      gate: 'can_view_school',
      // A refusal says what case-lookup's would (POL-005.5); only one it would answer learns of the protection.
      refuseAs: { relation: 'can_lookup_cases', otherwise: 'address_protected' },
      prepare: ({ cpr }) => kit.upstreams.institutions.institutionOf(cpr),
      answer: ({ prepared, overrideUsed }): SchoolResponse => ({
        enrolled: prepared !== null,
        institution: prepared && describeInstitution(prepared),
        overrideUsed,
      }),
      allowReason: 'treating_relation',
      denials: {
        no_relation_to_child: 'You have no treatment relation to this child',
        blocked_by_citizen: 'The citizen has blocked access; an override with a reason is possible',
        address_protected:
          'The child has name and address protection: its school or daycare is not shown, and an override does not change that',
      },
    }),
  );
  return app;
}

function describeInstitution(i: Institution): NonNullable<SchoolResponse['institution']> {
  return {
    type: i.type,
    name: i.name,
    institutionNumber: i.institutionNumber,
    municipality: { code: i.municipality, name: municipalityName(i.municipality) },
    address: i.address,
    phone: i.phone,
    mainContact: i.mainContact,
  };
}
