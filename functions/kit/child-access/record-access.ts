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
}

/**
 * No record, no data (POL-007.5): the decision is appended to the audit log
 * before anything is answered, and if the store cannot take it the caller gets
 * 503 whatever was decided. The actor is the verified principal, never a claim.
 */
export async function recordAccess(c: Context, audit: AuditLog, record: AccessRecord): Promise<void> {
  const principal = c.get('principal');
  const entry: AuditEntry = {
    actor: {
      id: principal.subject,
      name: principal.name,
      role: principal.role,
      organisationId: principal.organisation.id,
      organisationName: principal.organisation.name,
    },
    childPseudonym: record.child,
    functionName: record.functionName,
    action: record.action,
    purpose: record.purpose,
    decision: { outcome: record.outcome.allowed ? 'allow' : 'deny', reasonCode: record.outcome.reason },
    override: record.outcome.allowed && record.outcome.overrideUsed,
    requestId: c.get('requestId'),
    traceId: trace.getActiveSpan()?.spanContext().traceId ?? randomTraceId(),
    callingSystem: principal.client ?? 'unknown',
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
