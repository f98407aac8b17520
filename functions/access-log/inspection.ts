import type { Context, Handler } from 'hono';
import { recordAccess } from '../kit/child-access/record-access.ts';
import { validCpr } from '../kit/child-access/validate-cpr.ts';
import type { Kit } from '../kit/kit.ts';
import type { AuditPage } from '../runtime/audit/audit-log.ts';
import type { Principal } from '../runtime/auth/principal.ts';
import { authzFailure } from '../runtime/authz/to-app-error.ts';
import { pseudonym } from '../runtime/cpr/cpr.ts';
import { AppError, forbidden } from '../runtime/http/app-error.ts';
import { readJson } from '../runtime/http/validate-json.ts';
import type { ApiOperation } from '../runtime/openapi/operation.ts';
import {
  cursorOf,
  type InspectedOrganisation,
  type InspectionResponse,
  inspectionPage,
  inspectionRequest,
  inspectionResponse,
} from './access-log-request.ts';
import { entryOf } from './entry-view.ts';
import { inspectionCsv } from './export-csv.ts';

export const INSPECT_ACCESS_LOG: ApiOperation = {
  method: 'post',
  path: '/v1/access-log/inspection/search',
  operationId: 'inspectAccessLog',
  summary: 'The accesses of the auditor’s own organisation’s staff, across children (inspection)',
  description:
    'For the auditor of a municipality, a GP clinic or a BUP unit (`can_inspect_access_log`): the accesses of that ' +
    'organisation’s own staff, newest first, filtered by employee, unit, period and child (the CPR number in the ' +
    'body), paged by `cursor`. JSON, or CSV with `format: "csv"` or `Accept: text/csv` (the next cursor then in ' +
    "`x-next-cursor`; fields a spreadsheet would run as a formula are prefixed with `'`). Each child shown gets " +
    'a record of this inspection before anything is answered.',
  requestBody: { name: 'InspectionRequest', schema: inspectionRequest },
  responses: {
    200: {
      description: 'One page of the organisation’s staff’s accesses',
      body: { name: 'InspectionResponse', schema: inspectionResponse },
      alternatives: [
        {
          contentType: 'text/csv',
          description:
            'The same page as RFC 4180 CSV with a header row: time, child, organisation_id, organisation, ' +
            'employee_id, employee, role, function, action, purpose, decision, reason_code, override, ' +
            'request_id, trace_id, calling_system',
        },
      ],
    },
  },
  problems: {
    400: [
      'invalid_request',
      'invalid_json',
      'invalid_cpr',
      'invalid_cpr_date',
      'invalid_filter',
      'invalid_cursor',
    ],
    401: ['missing_token', 'invalid_token', 'token_expired', 'untrusted_issuer'],
    403: ['not_organisation_auditor'],
    413: ['body_too_large'],
    415: ['unsupported_media_type'],
    503: ['authorizer_unavailable', 'audit_unavailable', 'idp_unavailable'],
  },
};

const REFUSED = 'Only the auditor of this organisation may inspect its staff’s accesses';

/**
 * POL-007.13: an organisation's auditor inspects its own staff's accesses. The
 * organisation is the body's, and `can_inspect_access_log` on it decides; whose
 * records are the staff's follows from the trust domain that vouched for each
 * actor (a municipality's IdP) or, for health, the clinic or unit the record was
 * made at — never from a claim of the auditor's token. Reading is audited per
 * child shown (POL-007.10) before the answer; if that record cannot be written,
 * nothing is shown.
 */
export function inspection(kit: Kit): Handler {
  return async (c: Context) => {
    const body = await readJson(c, inspectionRequest);
    const { limit, beforeSeq, from, to } = inspectionPage(body);
    const child =
      body.filter?.cpr === undefined ? undefined : pseudonym(validCpr(body.filter.cpr), kit.pseudonymKey);
    const principal: Principal = c.get('principal');
    const { object, scope } = scopeOf(body.organisation);
    const { allowed } = await kit.authorizer
      .check({
        user: principal.user,
        relation: 'can_inspect_access_log',
        object,
        context: { current_time: kit.clock().toISOString() },
      })
      .catch((error: unknown) => {
        throw authzFailure(error);
      });
    const record = (
      about: string,
      answered: boolean,
      outcome: Parameters<typeof recordAccess>[2]['outcome'],
    ) =>
      recordAccess(c, kit.audit, {
        functionName: kit.manifest.name,
        action: 'access_log.inspect',
        child: about,
        purpose: body.purpose,
        outcome,
        answered,
        caseIds: [],
      });
    if (!allowed) {
      // A refusal about a named child is that child's access; one about nobody has no child to be recorded on.
      if (child) await record(child, false, { allowed: false, reason: 'no_relation_to_child' });
      throw forbidden('not_organisation_auditor', REFUSED);
    }
    const page: AuditPage = await kit.audit
      .inspect({
        scope,
        limit,
        ...(beforeSeq === undefined ? {} : { beforeSeq }),
        filter: {
          ...(from ? { from } : {}),
          ...(to ? { to } : {}),
          ...(body.filter?.employee ? { actorId: body.filter.employee } : {}),
          ...(body.filter?.unit ? { organisationId: body.filter.unit } : {}),
          ...(child ? { childPseudonym: child } : {}),
        },
      })
      .catch((error: unknown) => {
        throw new AppError(
          503,
          'audit_unavailable',
          'The access log could not be read, so nothing is shown',
          {
            cause: error,
          },
        );
      });
    const shown = new Set(page.records.map((r) => r.childPseudonym));
    if (child) shown.add(child);
    const allow = { allowed: true, reason: 'organisation_auditor', overrideUsed: false } as const;
    await Promise.all([...shown].map((about) => record(about, true, allow)));
    const answer: InspectionResponse = {
      organisation: object,
      entries: page.records.map((r) => ({
        ...entryOf(r, 'auditor', { holders: new Set(), child: r.childPseudonym }),
        child: r.childPseudonym,
      })),
      nextCursor: page.nextBeforeSeq === undefined ? null : cursorOf(page.nextBeforeSeq),
    };
    if ((body.format ?? formatOf(c.req.header('accept'))) === 'json') return c.json(answer);
    return c.body(inspectionCsv(answer.entries), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="access-log-inspection.csv"',
      ...(answer.nextCursor ? { 'x-next-cursor': answer.nextCursor } : {}),
    });
  };
}

/** The model's object and whose records are its staff's, from the body's organisation. */
function scopeOf(organisation: InspectedOrganisation): {
  readonly object: string;
  readonly scope: { readonly trustDomain: string; readonly organisationId?: string };
} {
  if (organisation.type === 'municipality')
    return {
      object: `municipality:${organisation.code}`,
      scope: { trustDomain: `municipal/${organisation.code}` },
    };
  return {
    object: `${organisation.type}:${organisation.sor}`,
    scope: { trustDomain: 'health', organisationId: organisation.sor },
  };
}

/** CSV only when the caller asks for it and not for JSON first. */
function formatOf(accept: string | undefined): 'json' | 'csv' {
  if (!accept) return 'json';
  const csv = accept.indexOf('text/csv');
  const json = accept.indexOf('application/json');
  return csv >= 0 && (json < 0 || csv < json) ? 'csv' : 'json';
}
