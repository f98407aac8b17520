import type { Hono, MiddlewareHandler } from 'hono';
import { childAccess } from '../kit/child-access/pipeline.ts';
import { functionApp } from '../kit/function-app.ts';
import type { Kit } from '../kit/kit.ts';
import type { AuditFilter, AuditPage } from '../runtime/audit/audit-log.ts';
import type { Principal } from '../runtime/auth/principal.ts';
import type { Cpr } from '../runtime/cpr/cpr.ts';
import { AppError, badRequest } from '../runtime/http/app-error.ts';
import { readJson } from '../runtime/http/validate-json.ts';
import type { ApiOperation } from '../runtime/openapi/operation.ts';
import {
  type AccessLogResponse,
  AUDITOR_PURPOSES,
  accessLogRequest,
  accessLogResponse,
  CITIZEN_PURPOSES,
  cursorOf,
  pageQuery,
} from './access-log-request.ts';
import { entryOf, type Viewer } from './entry-view.ts';
import { INSPECT_ACCESS_LOG, inspection } from './inspection.ts';

/** What `/openapi.json` and `/docs` show of the route below: the schemas are the ones it validates with. */
export const SEARCH_ACCESS_LOG: ApiOperation = {
  method: 'post',
  path: '/v1/access-log/search',
  operationId: 'searchAccessLog',
  summary: 'Who looked at the child’s data, when, from which organisation and why (MinLog)',
  description:
    'For a custody holder of the child until it turns 15, for the child itself from 15 (citizen tokens, MitID), ' +
    'and for the auditor of the child’s residence municipality. Newest first, paged by `cursor`; a citizen sees ' +
    'role and organisation (never an employee’s name), the auditor also what traces each access. A custody ' +
    'holder is not shown accesses to a case they are themselves a party to. The CPR number travels in the body, ' +
    'never in the URL; the view itself is logged before anything is answered.',
  requestBody: { name: 'AccessLogRequest', schema: accessLogRequest },
  responses: {
    200: {
      description: 'One page of the log',
      body: { name: 'AccessLogResponse', schema: accessLogResponse },
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
      'invalid_purpose',
    ],
    401: ['missing_token', 'invalid_token', 'token_expired', 'untrusted_issuer'],
    403: ['no_relation_to_child'],
    413: ['body_too_large'],
    415: ['unsupported_media_type'],
    502: ['upstream_error', 'upstream_invalid_response'],
    503: ['authorizer_unavailable', 'audit_unavailable', 'upstream_unavailable', 'idp_unavailable'],
    504: ['upstream_timeout'],
  },
};

/** The same words for every refusal, so a refusal reveals nothing about the child (POL-007). */
const REFUSED =
  'Only the child from 15, its custody holders until then and the auditor of its residence municipality may see who looked';

/**
 * "Who looked?" — MinLog for the child's custody holders and the child itself,
 * and inspection for its residence municipality's auditor (POL-007), on the
 * child-access pipeline: custody, age and residence pulled from CPR per
 * request, `can_view_access_log` decided, the log read (for a custody holder
 * without the accesses to cases they are a party to), the view itself
 * audited, and only then shown.
 */
export async function createApp(kit: Kit): Promise<Hono> {
  const app = functionApp(kit, [SEARCH_ACCESS_LOG, INSPECT_ACCESS_LOG]);
  app.post(INSPECT_ACCESS_LOG.path, inspection(kit));
  app.post(
    SEARCH_ACCESS_LOG.path,
    checkedBody,
    childAccess(kit, {
      action: 'access_log.search',
      body: accessLogRequest,
      facts: ['person'],
      gate: 'can_view_access_log',
      prepare: async ({ body, cpr, principal, pulled, requestId }) => {
        const child = pulled.facts.child;
        const viewer = viewerOf(principal, child);
        const holders = pulled.person?.custodyHolders ?? [];
        const { limit, beforeSeq, filter } = pageQuery(body);
        const guardianOnly: AuditFilter =
          viewer === 'guardian'
            ? {
                // POL-007.8: one custody holder does not learn when another looked, nor when the child did.
                excludeActors: [...holders, child],
                onlyCases: await casesShownTo(kit, cpr, principal.subject),
              }
            : {};
        const page: AuditPage = await kit.audit
          .query(child, {
            limit,
            ...(beforeSeq === undefined ? {} : { beforeSeq }),
            filter: {
              ...filter,
              // This view's own record is being written now: it shows from the next view on.
              excludeRequestId: requestId,
              ...guardianOnly,
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
        return { viewer, page, citizens: { holders: new Set(holders), child } };
      },
      answer: ({ prepared: { viewer, page, citizens } }): AccessLogResponse => ({
        view: viewer,
        entries: page.records.map((record) => entryOf(record, viewer, citizens)),
        nextCursor: page.nextBeforeSeq === undefined ? null : cursorOf(page.nextBeforeSeq),
        coversFrom: page.coversFrom?.toISOString() ?? null,
      }),
      allowReason: 'access_log_viewer',
      denials: { no_relation_to_child: REFUSED, blocked_by_citizen: REFUSED },
    }),
  );
  return app;
}

/**
 * Which view the gate's allow stands for, from the verified principal alone: in
 * the model only a `citizen:` can be a custody holder or the child itself (the
 * citizen with the child's own pseudonym: the same CPR number under the same
 * key) and only a `user:` an auditor; a citizen principal comes only from the
 * citizen trust domain.
 */
function viewerOf(principal: Principal, child: string): Viewer {
  if (!principal.user.startsWith('citizen:')) return 'auditor';
  return principal.user === `citizen:${child}` ? 'child' : 'guardian';
}

/**
 * POL-007.14: the child's cases, pulled from the case index now, that do not
 * name this custody holder as a party; records of another case (one the index
 * no longer answers) are withheld too, and records from before cases were
 * recorded only when the holder is a party to none of the child's cases.
 */
async function casesShownTo(kit: Kit, child: Cpr, holder: string): Promise<AuditFilter['onlyCases']> {
  const cases = await kit.upstreams.caseParties.partiesOf(child);
  const theirs = cases.filter((c) => c.secondaryParties.includes(holder));
  return {
    ids: cases.filter((c) => !theirs.includes(c)).map((c) => c.caseId),
    keepUnknownCases: theirs.length === 0,
  };
}

/**
 * What the schema cannot say, refused before anything is pulled or decided:
 * the period and the cursor (pageQuery), and a purpose of the caller's own kind.
 */
const checkedBody: MiddlewareHandler = async (c, next) => {
  const body = await readJson(c, accessLogRequest);
  pageQuery(body);
  const citizen = (c.get('principal') as Principal).user.startsWith('citizen:');
  const purposes: readonly string[] = citizen ? CITIZEN_PURPOSES : AUDITOR_PURPOSES;
  if (!purposes.includes(body.purpose))
    throw badRequest('invalid_purpose', `The purpose must be one of: ${purposes.join(', ')}`);
  await next();
};
