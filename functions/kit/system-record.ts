import { trace } from '@opentelemetry/api';
import type { AuditLog } from '../runtime/audit/audit-log.ts';
import { AppError } from '../runtime/http/app-error.ts';

/** A system that acts on a child's data with its own credential (a message gateway, an outbox worker). */
export interface SystemCaller {
  /** Stable id of the system, e.g. `message-gateway`. */
  readonly id: string;
  readonly name: string;
}

export interface SystemRecord {
  readonly functionName: string;
  readonly caller: SystemCaller;
  /** The organisation the system acts for or with (the message's sender location, the receiving unit). */
  readonly organisation: { readonly id: string; readonly name: string };
  readonly child: string;
  readonly action: string;
  readonly purpose: string;
  readonly outcome: 'allow' | 'deny';
  /** A stable code: `received`, `duplicate`, `filed`, `delivered`, `refused`. */
  readonly reason: string;
  /** Whether the child's data went on (was stored, handed over or filed). */
  readonly answered: boolean;
  readonly requestId: string;
}

/**
 * No record, no effect (POL-007.5) for system callers too: the record of what a
 * system did with a child's data is appended before the answer or the hand-over,
 * and when the audit store cannot take it the caller gets `audit_unavailable`
 * (503) and must not go on. The actor is the credential's system, with the
 * trust domain `system`: nothing a message says about itself is taken as its actor.
 */
export async function recordSystemAccess(audit: AuditLog, record: SystemRecord): Promise<void> {
  try {
    await audit.append({
      actor: {
        id: record.caller.id,
        name: record.caller.name,
        role: 'system',
        organisationId: record.organisation.id,
        organisationName: record.organisation.name,
        trustDomain: 'system',
      },
      childPseudonym: record.child,
      functionName: record.functionName,
      action: record.action,
      purpose: record.purpose,
      decision: { outcome: record.outcome, reasonCode: record.reason },
      override: false,
      requestId: record.requestId,
      traceId: trace.getActiveSpan()?.spanContext().traceId ?? crypto.randomUUID().replaceAll('-', ''),
      callingSystem: record.caller.id,
      answered: record.answered,
    });
  } catch (error) {
    throw new AppError(503, 'audit_unavailable', 'The access could not be logged, so nothing is done', {
      cause: error,
    });
  }
}
