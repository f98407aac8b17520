import type { AuditRecord } from './record.ts';

/** The columns of `audit_record` in one order, for SELECT and INSERT alike. */
export const RECORD_COLUMNS = [
  'seq',
  'id',
  'occurred_at',
  'actor_id',
  'actor_name',
  'actor_role',
  'organisation_id',
  'organisation_name',
  'child_pseudonym',
  'function_name',
  'action',
  'purpose',
  'decision',
  'reason_code',
  'override_used',
  'request_id',
  'trace_id',
  'calling_system',
  'trust_domain',
  'issuer',
  'answered',
  'override_reason',
  'override_justification',
  'case_ids',
  'prev_hash',
  'hash',
] as const;

export type RecordRow = Record<(typeof RECORD_COLUMNS)[number], unknown>;

/** A record as one JSON object for `json_to_recordset`, keyed by column. */
export function rowOf(record: AuditRecord): RecordRow {
  return {
    seq: record.seq,
    id: record.id,
    occurred_at: record.time.toISOString(),
    actor_id: record.actor.id,
    actor_name: record.actor.name,
    actor_role: record.actor.role,
    organisation_id: record.actor.organisationId,
    organisation_name: record.actor.organisationName,
    child_pseudonym: record.childPseudonym,
    function_name: record.functionName,
    action: record.action,
    purpose: record.purpose,
    decision: record.decision.outcome,
    reason_code: record.decision.reasonCode,
    override_used: record.override,
    request_id: record.requestId,
    trace_id: record.traceId,
    calling_system: record.callingSystem,
    trust_domain: record.actor.trustDomain ?? null,
    issuer: record.actor.issuer ?? null,
    answered: record.answered ?? null,
    override_reason: record.overrideReason ?? null,
    override_justification: record.overrideJustification ?? null,
    case_ids: record.caseIds ?? null,
    prev_hash: record.prevHash,
    hash: record.hash,
  };
}

/** `pg` returns bigint as a string and PGlite as a number; both become a number here. */
export function recordOf(row: RecordRow): AuditRecord {
  return {
    seq: Number(row.seq),
    id: String(row.id),
    time: row.occurred_at instanceof Date ? row.occurred_at : new Date(String(row.occurred_at)),
    actor: {
      id: String(row.actor_id),
      name: String(row.actor_name),
      role: String(row.actor_role),
      organisationId: String(row.organisation_id),
      organisationName: String(row.organisation_name),
      ...(row.trust_domain == null ? {} : { trustDomain: String(row.trust_domain) }),
      ...(row.issuer == null ? {} : { issuer: String(row.issuer) }),
    },
    childPseudonym: String(row.child_pseudonym),
    functionName: String(row.function_name),
    action: String(row.action),
    purpose: String(row.purpose),
    decision: { outcome: row.decision === 'allow' ? 'allow' : 'deny', reasonCode: String(row.reason_code) },
    override: row.override_used === true,
    ...(row.override_reason == null ? {} : { overrideReason: String(row.override_reason) }),
    ...(row.override_justification == null
      ? {}
      : { overrideJustification: String(row.override_justification) }),
    requestId: String(row.request_id),
    traceId: String(row.trace_id),
    callingSystem: String(row.calling_system),
    ...(row.answered == null ? {} : { answered: row.answered === true }),
    ...(Array.isArray(row.case_ids) ? { caseIds: row.case_ids.map(String) } : {}),
    prevHash: String(row.prev_hash),
    hash: String(row.hash),
  };
}
