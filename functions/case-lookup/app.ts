import { trace } from '@opentelemetry/api';
import type { Context, Hono } from 'hono';
import type { AuditEntry } from '../core/audit/record.ts';
import { authenticate } from '../core/auth/authenticate.ts';
import { type Cpr, parseCpr, pseudonym } from '../core/cpr/cpr.ts';
import { AppError, badRequest, forbidden } from '../core/http/app-error.ts';
import { createFunctionApp } from '../core/http/create-function-app.ts';
import { readJson } from '../core/http/validate-json.ts';
import { apiDocs } from '../core/openapi/api-docs.ts';
import type { ApiOperation } from '../core/openapi/operation.ts';
import { municipalityName } from '../core/reference/municipalities.ts';
import { withSpan } from '../core/telemetry/instruments.ts';
import type { MunicipalCase } from '../core/upstreams/case-index.ts';
import { type Decision, decide } from './decide.ts';
import type { CaseLookupDeps } from './deps.ts';
import { CASE_LOOKUP } from './manifest.ts';
import { pullFacts } from './pull-facts.ts';
import { type SearchRequest, type SearchResponse, searchRequest, searchResponse } from './search-request.ts';

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
  problems: {
    400: ['invalid_request', 'invalid_json', 'invalid_cpr', 'invalid_cpr_date'],
    401: ['missing_token', 'invalid_token', 'token_expired', 'untrusted_issuer'],
    403: ['no_relation_to_child', 'blocked_by_citizen'],
    413: ['body_too_large'],
    415: ['unsupported_media_type'],
    502: ['upstream_error', 'upstream_invalid_response'],
    503: ['authorizer_unavailable', 'audit_unavailable', 'upstream_unavailable', 'idp_unavailable'],
    504: ['upstream_timeout'],
  },
};

/**
 * "Er der gang i noget?" — a GP or psychiatrist with a relation to the child
 * asks whether it has a relevant active municipal case and whom to call.
 * Existence and contact only (POL-004.6); facts pulled per request and never
 * kept (POL-001); every decision audited before anything is answered (POL-007.5).
 */
export function createCaseLookupApp(deps: CaseLookupDeps): Hono {
  const clock = deps.clock ?? (() => new Date());
  const app = createFunctionApp({
    name: CASE_LOOKUP.name,
    readiness: deps.readiness ?? [],
    ...(deps.requestTimeoutMs ? { requestTimeoutMs: deps.requestTimeoutMs } : {}),
  });
  app.route('/', apiDocs({ info: CASE_LOOKUP, operations: [SEARCH_RELEVANT_CASES] }));
  app.use('/v1/*', authenticate(deps.verifyToken));

  app.post(SEARCH_RELEVANT_CASES.path, async (c) => {
    const body = await readJson(c, searchRequest);
    const cpr = validCpr(body.cpr);
    const child = pseudonym(cpr, deps.pseudonymKey);
    const principal = c.get('principal');
    const { facts, cases } = await pullFacts(deps.upstreams, cpr, child);
    const withOverride = body.override
      ? { ...facts, override: { user: principal.user, reason: body.override.reason } }
      : facts;
    const decision = await withSpan(
      'authz.decide',
      { 'hoi.child': child, 'hoi.function': CASE_LOOKUP.name },
      () =>
        decide(
          deps.authorizer,
          principal.user,
          withOverride,
          cases.filter((k) => k.active),
          clock(),
        ),
    );
    // The responsible units' contacts (organisation data) are fetched while the record is
    // written; nothing is answered before the record is in (POL-007.5), and an audit failure
    // is the answer whatever the contacts did.
    const contacts = decision.allowed
      ? Promise.all(decision.visibleCases.map((k) => describeCase(deps, k)))
      : Promise.resolve([]);
    contacts.catch(() => {});
    await record(c, deps, child, body, decision);
    if (!decision.allowed) throw denial(decision.reason);
    const answer: SearchResponse = {
      hasRelevantCase: decision.visibleCases.length > 0,
      cases: await contacts,
      overrideUsed: decision.overrideUsed,
    };
    return c.json(answer);
  });
  return app;
}

function validCpr(input: string): Cpr {
  const parsed = parseCpr(input);
  if (parsed.ok) return parsed.cpr;
  throw parsed.problem === 'cpr_malformed'
    ? badRequest('invalid_cpr', 'The CPR number must be DDMMYY-SSSS')
    : badRequest('invalid_cpr_date', 'The CPR number does not hold a valid birth date');
}

function denial(reason: 'no_relation_to_child' | 'blocked_by_citizen'): AppError {
  return reason === 'blocked_by_citizen'
    ? forbidden(reason, 'The citizen has blocked access; an override with a reason is possible')
    : forbidden(reason, 'You have no treatment relation to this child');
}

/** No record, no data: if the audit store cannot take the record, the caller gets 503 (POL-007.5). */
async function record(
  c: Context,
  deps: CaseLookupDeps,
  child: string,
  body: SearchRequest,
  decision: Decision,
) {
  const principal = c.get('principal');
  const entry: AuditEntry = {
    actor: {
      id: principal.subject,
      name: principal.name,
      role: principal.role,
      organisationId: principal.organisation.id,
      organisationName: principal.organisation.name,
    },
    childPseudonym: child,
    functionName: CASE_LOOKUP.name,
    action: 'relevant_cases.search',
    purpose: body.purpose,
    decision: { outcome: decision.allowed ? 'allow' : 'deny', reasonCode: decision.reason },
    override: decision.allowed && decision.overrideUsed,
    requestId: c.get('requestId'),
    traceId: trace.getActiveSpan()?.spanContext().traceId ?? randomTraceId(),
    callingSystem: principal.client ?? 'unknown',
  };
  try {
    await deps.audit.append(entry);
  } catch (error) {
    throw new AppError(503, 'audit_unavailable', 'The access could not be logged, so nothing is answered', {
      cause: error,
    });
  }
}

async function describeCase(
  deps: CaseLookupDeps,
  k: MunicipalCase,
): Promise<SearchResponse['cases'][number]> {
  const unit = await deps.upstreams.organisation.unit(k.responsibleUnitId);
  if (!unit)
    throw new AppError(
      502,
      'upstream_invalid_response',
      'FK Organisation does not know the responsible unit',
    );
  const group = k.kle.slice(0, 5);
  return {
    municipality: { code: k.municipality, name: municipalityName(k.municipality) },
    kleGroup: { number: group, title: deps.kleTitles.get(group) ?? group },
    responsibleUnit: { name: unit.name, phone: unit.contact.phone, secureEmail: unit.contact.secureEmail },
    since: k.stateSince,
  };
}

function randomTraceId(): string {
  return crypto.randomUUID().replaceAll('-', '');
}
