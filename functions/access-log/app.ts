import type { Hono, MiddlewareHandler } from 'hono';
import { childAccess } from '../kit/child-access/pipeline.ts';
import { functionApp } from '../kit/function-app.ts';
import type { Kit } from '../kit/kit.ts';
import type { AuditPage } from '../runtime/audit/audit-log.ts';
import type { Principal } from '../runtime/auth/principal.ts';
import { AppError, badRequest } from '../runtime/http/app-error.ts';
import { readJson } from '../runtime/http/validate-json.ts';
import type { ApiOperation } from '../runtime/openapi/operation.ts';
import {
  type AccessLogResponse,
  AUDITOR_PURPOSES,
  accessLogRequest,
  accessLogResponse,
  cursorOf,
  GUARDIAN_PURPOSES,
  pageQuery,
} from './access-log-request.ts';
import { entryOf, type Viewer } from './entry-view.ts';

/** What `/openapi.json` and `/docs` show of the route below: the schemas are the ones it validates with. */
export const SEARCH_ACCESS_LOG: ApiOperation = {
  method: 'post',
  path: '/v1/access-log/search',
  operationId: 'searchAccessLog',
  summary: 'Who looked at the child’s data, when, from which organisation and why (MinLog)',
  description:
    'For a custody holder of the child (a citizen token, MitID) and for the auditor of the child’s residence ' +
    'municipality. Newest first, paged by `cursor`; a guardian sees role and organisation, the auditor also what ' +
    'traces each access. The CPR number travels in the body, never in the URL; the view itself is logged before ' +
    'anything is answered.',
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

/**
 * "Who looked?" — MinLog for the child's custody holders and inspection for
 * its residence municipality's auditor (POL-007), on the child-access pipeline:
 * custody and residence pulled from CPR per request, `can_view_access_log`
 * decided, the view itself audited, and only then the records read and shown.
 */
export async function createApp(kit: Kit): Promise<Hono> {
  const app = functionApp(kit, [SEARCH_ACCESS_LOG]);
  app.post(
    SEARCH_ACCESS_LOG.path,
    checkedBody,
    childAccess(kit, {
      action: 'access_log.search',
      body: accessLogRequest,
      facts: ['person'],
      gate: 'can_view_access_log',
      prepare: async ({ body, principal, pulled, requestId }) => {
        const viewer = viewerOf(principal);
        const holders = pulled.person?.custodyHolders ?? [];
        const { limit, beforeSeq, filter } = pageQuery(body);
        const page: AuditPage = await kit.audit
          .query(pulled.facts.child, {
            limit,
            ...(beforeSeq === undefined ? {} : { beforeSeq }),
            filter: {
              ...filter,
              // This view's own record is being written now: it shows from the next view on.
              excludeRequestId: requestId,
              // POL-007.8: one custody holder does not learn when another looked.
              ...(viewer === 'guardian' ? { excludeActors: holders } : {}),
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
        return { viewer, page, holders: new Set(holders) };
      },
      answer: ({ prepared: { viewer, page, holders } }): AccessLogResponse => ({
        view: viewer,
        entries: page.records.map((record) => entryOf(record, viewer, holders)),
        nextCursor: page.nextBeforeSeq === undefined ? null : cursorOf(page.nextBeforeSeq),
        coversFrom: page.coversFrom?.toISOString() ?? null,
      }),
      allowReason: 'access_log_viewer',
      denials: {
        no_relation_to_child:
          'Only a custody holder of the child and the auditor of its residence municipality may see who looked',
        blocked_by_citizen:
          'Only a custody holder of the child and the auditor of its residence municipality may see who looked',
      },
    }),
  );
  return app;
}

/**
 * Which view the gate's allow stands for, from the verified principal alone: in
 * the model only a `citizen:` can be a custody holder and only a `user:` an
 * auditor, and a citizen principal comes only from the citizen trust domain.
 */
function viewerOf(principal: Principal): Viewer {
  return principal.user.startsWith('citizen:') ? 'guardian' : 'auditor';
}

/**
 * What the schema cannot say, refused before anything is pulled or decided:
 * the period and the cursor (pageQuery), and a purpose of the caller's own kind.
 */
const checkedBody: MiddlewareHandler = async (c, next) => {
  const body = await readJson(c, accessLogRequest);
  pageQuery(body);
  const purposes: readonly string[] =
    viewerOf(c.get('principal')) === 'guardian' ? GUARDIAN_PURPOSES : AUDITOR_PURPOSES;
  if (!purposes.includes(body.purpose))
    throw badRequest('invalid_purpose', `The purpose must be one of: ${purposes.join(', ')}`);
  await next();
};
