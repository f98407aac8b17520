import type { ApiOperation } from '../../runtime/openapi/operation.ts';

type ProblemCodes = ApiOperation['problems'];

/**
 * What every child-access route can answer besides its own answer: the body
 * and CPR rules, the token, the decision, the upstreams, the authorizer and the
 * audit log. A route adds its own codes with `childAccessProblems(extra)`.
 */
export const CHILD_ACCESS_PROBLEMS = {
  400: ['invalid_request', 'invalid_json', 'invalid_cpr', 'invalid_cpr_date'],
  401: ['missing_token', 'invalid_token', 'token_expired', 'untrusted_issuer', 'incomplete_token'],
  403: ['no_relation_to_child', 'blocked_by_citizen'],
  413: ['body_too_large'],
  415: ['unsupported_media_type'],
  502: ['upstream_error', 'upstream_invalid_response'],
  503: ['authorizer_unavailable', 'audit_unavailable', 'upstream_unavailable', 'idp_unavailable'],
  504: ['upstream_timeout'],
} as const satisfies ProblemCodes;

/** The child-access problems with a route's own codes added to their statuses. */
export function childAccessProblems(extra: ProblemCodes = {}): ProblemCodes {
  const merged: Record<number, string[]> = {};
  for (const codes of [CHILD_ACCESS_PROBLEMS, extra] as ProblemCodes[]) {
    for (const [status, list] of Object.entries(codes)) {
      merged[Number(status)] = [...new Set([...(merged[Number(status)] ?? []), ...(list ?? [])])];
    }
  }
  return merged as ProblemCodes;
}
