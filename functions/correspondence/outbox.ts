import { metrics } from '@opentelemetry/api';
import type { CaseFiling } from '../contracts/case-filing.ts';
import type { CaseIndex, MunicipalCase } from '../contracts/case-index.ts';
import { readCareCommunication, SYSTEM } from '../contracts/medcom/index.ts';
import type { MessageGateway } from '../contracts/message-gateway.ts';
import { recordSystemAccess } from '../kit/system-record.ts';
import type { AuditLog } from '../runtime/audit/audit-log.ts';
import { parseCpr } from '../runtime/cpr/cpr.ts';
import { AppError } from '../runtime/http/app-error.ts';
import type { CorrespondenceStore, DueTask, MessageStatus } from './store.ts';

const meter = metrics.getMeter('hoi-platform');
const outcomes = meter.createCounter('hoi.correspondence.task.outcomes', {
  description: 'Outbox attempts by kind and outcome',
});
/** Tasks that ended in the dead letter: nothing more is tried until someone looks (POL-006.11). */
const deadLetters = meter.createCounter('hoi.correspondence.dead_letters', {
  description: 'Outbox tasks moved to the dead letter, by kind',
});

/** The worker's identity in the audit log: the function's own outbox, run by the schedule's credential. */
export const OUTBOX = { id: 'correspondence-outbox', name: 'Correspondence outbox' } as const;

/** A message reached a state the platform's event consumers hear of (CloudEvents). */
export interface OutboxEvent {
  readonly type: 'sent' | 'acknowledged' | 'failed' | 'filed';
  readonly id: string;
  readonly messageId: string;
  readonly status: MessageStatus;
}

export interface OutboxDeps {
  readonly store: CorrespondenceStore;
  readonly gateway: MessageGateway;
  readonly filing: CaseFiling;
  readonly caseIndex: CaseIndex;
  readonly audit: AuditLog;
  readonly functionName: string;
  readonly clock: () => Date;
  readonly emit?: (event: OutboxEvent) => void;
  /** First retry after `baseMs`, doubling, at most `maxMs`. */
  readonly backoff: { readonly baseMs: number; readonly maxMs: number };
  /** How long a claimed task is a worker's; after that another may take it. */
  readonly leaseMs: number;
}

export interface OutboxReport {
  readonly claimed: number;
  readonly done: number;
  readonly retried: number;
  readonly failed: number;
  readonly deadLettered: number;
}

type Outcome = Parameters<CorrespondenceStore['finish']>[1];

/**
 * Works the due tasks once: delivers outbound messages to the gateway and
 * files inbound ones on the child's active case. Transient failures come back
 * after a growing pause until the attempts run out (dead letter); a fatal
 * answer ends the task at once (POL-006.11). A task is claimed under a lease,
 * so a worker that dies mid-send leaves it to the next run, which sends the
 * same Bundle with the same ids: the gateway delivers it once (POL-006.12).
 */
export async function runOutbox(deps: OutboxDeps, limit = 25): Promise<OutboxReport> {
  const tasks = await deps.store.claim(limit, deps.leaseMs);
  const report = { claimed: tasks.length, done: 0, retried: 0, failed: 0, deadLettered: 0 };
  for (const task of tasks) {
    const outcome = await recorded(deps, task).then(
      () => (task.kind === 'deliver' ? deliver(deps, task) : file(deps, task)),
      // Without the record of the attempt nothing leaves: the task waits for the audit log (POL-007.5).
      () => transient(deps, task, 'audit_unavailable'),
    );
    await deps.store.finish(task, outcome);
    outcomes.add(1, { kind: task.kind, outcome: outcome.retryAt ? 'retry' : outcome.status });
    if (!outcome.retryAt && outcome.status === 'dead-letter') deadLetters.add(1, { kind: task.kind });
    for (const type of eventsOf(outcome))
      deps.emit?.({ type, id: task.id, messageId: task.messageId, status: outcome.status });
    if (outcome.retryAt) report.retried++;
    else if (outcome.status === 'dead-letter') report.deadLettered++;
    else if (outcome.status === 'failed') report.failed++;
    else report.done++;
  }
  return report;
}

/** The record of the attempt, written before the Bundle is handed over or filed. */
function recorded(deps: OutboxDeps, task: DueTask): Promise<void> {
  return recordSystemAccess(deps.audit, {
    functionName: deps.functionName,
    caller: OUTBOX,
    organisation: { id: task.unitId, name: task.unitId },
    child: task.child,
    action: task.kind === 'deliver' ? 'correspondence.deliver' : 'correspondence.file',
    purpose: 'care_coordination',
    outcome: 'allow',
    reason: task.kind === 'deliver' ? 'handing_over' : 'filing',
    answered: true,
    requestId: `outbox-${task.id}-${task.attempt}`,
  });
}

/** An answer at once is both: the message was sent, and acknowledged. */
function eventsOf(outcome: Outcome): OutboxEvent['type'][] {
  if (outcome.retryAt) return [];
  if (outcome.status === 'acknowledged') return ['sent', 'acknowledged'];
  if (outcome.status === 'sent' || outcome.status === 'filed') return [outcome.status];
  return outcome.status === 'failed' || outcome.status === 'dead-letter' ? ['failed'] : [];
}

async function deliver(deps: OutboxDeps, task: DueTask): Promise<Outcome> {
  try {
    const result = await deps.gateway.send(task.bundle);
    if (result.kind === 'accepted') return { attempt: 'accepted', status: 'sent' };
    if (result.kind === 'invalid-acknowledgement') return transient(deps, task, 'acknowledgement_invalid');
    const ack = result.acknowledgement;
    if (ack.acknowledges !== task.messageId)
      return transient(deps, task, 'acknowledgement_of_another_message');
    const detail = ack.issues.find((i) => i.detail)?.detail ?? ack.code;
    if (ack.code === 'ok') return { attempt: 'acknowledged', status: 'acknowledged' };
    if (ack.code === 'fatal-error') return { attempt: 'fatal', status: 'failed', detail };
    return transient(deps, task, detail);
  } catch (error) {
    if (error instanceof AppError && error.code === 'gateway_refused')
      return { attempt: 'fatal', status: 'failed', detail: 'gateway_refused' };
    return transient(deps, task, error instanceof AppError ? error.code : 'gateway_unreachable');
  }
}

async function file(deps: OutboxDeps, task: DueTask): Promise<Outcome> {
  const message = readCareCommunication(task.bundle);
  const cprText = message.ok
    ? message.content.patient.identifiers.find((i) => i.system === SYSTEM.cpr)?.value
    : undefined;
  const cpr = cprText ? parseCpr(cprText) : undefined;
  if (!message.ok || !cpr?.ok)
    return { attempt: 'fatal', status: 'dead-letter', detail: 'no_cpr_to_file_on' };
  try {
    const cases = await deps.caseIndex.casesOfParty(cpr.cpr);
    const target = activeCaseFor(cases, task.unitId);
    if (!target) return { attempt: 'fatal', status: 'dead-letter', detail: 'no_active_case' };
    const content = message.content;
    await deps.filing.file(cpr.cpr, {
      caseId: target.id,
      document: {
        messageId: content.messageId,
        threadId: content.threadId,
        title: (content.topic ?? content.category).slice(0, 200),
        receivedAt: task.createdAt,
        sender: content.sender.name ?? content.sender.sor,
        bundle: task.bundle as Record<string, unknown>,
      },
    });
    return { attempt: 'filed', status: 'filed', caseId: target.id };
  } catch (error) {
    // A 4xx (the case system refused it) raises `upstream_error` without a cause; 5xx and network faults carry one.
    if (error instanceof AppError && error.code === 'upstream_error' && error.cause === undefined)
      return { attempt: 'fatal', status: 'dead-letter', detail: 'filing_refused' };
    return transient(deps, task, error instanceof AppError ? error.code : 'filing_unreachable');
  }
}

/**
 * The child's active case the message is filed on (POL-006.7): one the
 * receiving unit is responsible for, else the newest active case of the
 * unit's municipality.
 */
export function activeCaseFor(cases: readonly MunicipalCase[], unitId: string): MunicipalCase | undefined {
  const municipality = unitId.split('-')[0];
  const active = cases.filter((k) => k.active && k.municipality === municipality);
  return (
    active.find((k) => k.responsibleUnitId === unitId) ??
    [...active].sort((a, b) => b.stateSince.localeCompare(a.stateSince))[0]
  );
}

function transient(deps: OutboxDeps, task: DueTask, detail: string): Outcome {
  if (task.attempt >= task.maxAttempts) return { attempt: 'transient', status: 'dead-letter', detail };
  const pause = Math.min(deps.backoff.maxMs, deps.backoff.baseMs * 2 ** (task.attempt - 1));
  return {
    attempt: 'transient',
    status: task.kind === 'deliver' ? 'queued' : 'received',
    detail,
    retryAt: new Date(deps.clock().getTime() + pause),
  };
}
