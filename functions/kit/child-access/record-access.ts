import { trace } from '@opentelemetry/api';
import type { Context } from 'hono';
import type { AuditLog } from '../../runtime/audit/audit-log.ts';
import type { AuditEntry } from '../../runtime/audit/record.ts';
import { AppError } from '../../runtime/http/app-error.ts';
import type { DenialReason } from './decide.ts';

export interface AccessRecord {
  readonly functionName: string;
  readonly action: string;
  readonly child: string;
  readonly purpose: string;
  readonly outcome:
    | { readonly allowed: false; readonly reason: DenialReason }
    | { readonly allowed: true; readonly reason: string; readonly overrideUsed: boolean };
  /** Whether the child's data was answered (false when an allowed answer then failed). */
  readonly answered: boolean;
  /** The organisation the allowing relation ran through, when the function names candidates. */
  readonly via?: string | undefined;
  /** The override the professional declared, used or not (POL-008.6). */
  readonly override?: { readonly reason: string; readonly justification: string } | undefined;
  /** The child's open cases the decision was asked over (POL-007.14). */
  readonly caseIds: readonly string[];
}

/**
 * No record, no data (POL-007.5): the decision is appended to the audit log
 * before anything is answered, and if the store cannot take it the caller gets
 * 503 whatever was decided. The actor is the verified principal, never a claim.
 */
export async function recordAccess(c: Context, audit: AuditLog, record: AccessRecord): Promise<void> {
  const principal = c.get('principal');
  // What the decision rested on, not what the token claims: when the relation ran through
  // another organisation than the token names, the record names that one (by its id).
  const claimed = principal.organisation;
  const organisation =
    record.via === undefined || record.via === claimed.id ? claimed : { id: record.via, name: record.via };
  const entry: AuditEntry = {
    actor: {
      id: principal.subject,
      name: principal.name,
      role: principal.role,
      organisationId: organisation.id,
      organisationName: organisation.name,
      trustDomain: principal.municipality
        ? `${principal.domain}/${principal.municipality}`
        : principal.domain,
      issuer: principal.issuer,
    },
    childPseudonym: record.child,
    functionName: record.functionName,
    action: record.action,
    purpose: record.purpose,
    decision: { outcome: record.outcome.allowed ? 'allow' : 'deny', reasonCode: record.outcome.reason },
    override: record.outcome.allowed && record.outcome.overrideUsed,
    ...(record.override
      ? { overrideReason: record.override.reason, overrideJustification: record.override.justification }
      : {}),
    requestId: c.get('requestId'),
    traceId: trace.getActiveSpan()?.spanContext().traceId ?? randomTraceId(),
    callingSystem: principal.client ?? 'unknown',
    answered: record.answered,
    caseIds: record.caseIds,
  };
  try {
    await audit.append(entry);
  } catch (error) {
    throw new AppError(503, 'audit_unavailable', 'The access could not be logged, so nothing is answered', {
      cause: error,
    });
  }
}

function randomTraceId(): string {
  return crypto.randomUUID().replaceAll('-', '');
}
