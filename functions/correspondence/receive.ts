import { metrics } from '@opentelemetry/api';
import type { Context } from 'hono';
import { readFhirXml } from '../contracts/medcom/fhir-xml.ts';
import {
  type AcknowledgementIssue,
  acknowledge,
  buildAcknowledgement,
  type CareCommunicationContent,
  eventCodeOf,
  issuesOf,
  readAcknowledgement,
  readCareCommunication,
  readMessageHeader,
  SYSTEM,
} from '../contracts/medcom/index.ts';
import type { MessagingLocations } from '../contracts/messaging-locations.ts';
import { recordSystemAccess } from '../kit/system-record.ts';
import type { AuditLog } from '../runtime/audit/audit-log.ts';
import { parseCpr, pseudonym } from '../runtime/cpr/cpr.ts';
import { AppError, badRequest } from '../runtime/http/app-error.ts';
import type { CorrespondenceStore } from './store.ts';

export interface ReceiveDeps {
  readonly store: CorrespondenceStore;
  readonly locations: MessagingLocations;
  readonly audit: AuditLog;
  readonly functionName: string;
  readonly pseudonymKey: Uint8Array;
  readonly clock: () => Date;
  readonly maxAttempts: number;
  /** When a delivery a peer answered `transient-error` later is tried again. */
  readonly retryMs: number;
}

const acknowledgements = metrics
  .getMeter('hoi-platform')
  .createCounter('hoi.correspondence.acknowledgements', {
    description:
      'Acknowledgements that came as messages of their own, by effect (applied, duplicate, unknown) and code',
  });

/** The caller of the gateway route: the MSH/VANS side, known by its own credential. */
export const GATEWAY = { id: 'message-gateway', name: 'MedCom message gateway (MSH/VANS)' } as const;

/** What the function does with the events of a hand-over (CloudEvents, metrics). */
export type ReceiveEvent =
  | { readonly type: 'received'; readonly id: string; readonly duplicate: boolean }
  | { readonly type: 'acknowledged' | 'failed'; readonly id: string; readonly detail: string | null };

/** The answer to the gateway: the Acknowledgement Bundle and its HTTP status, or nothing for an inbound acknowledgement. */
export type ReceiveAnswer =
  | { readonly status: 200 | 503; readonly acknowledgement: unknown }
  | { readonly status: 202; readonly acknowledgement?: undefined };

/**
 * What the gateway hands over. An Acknowledgement of a message sent from here
 * moves it on. A CareCommunication is validated (POL-006.8), routed to the
 * receiving unit, stored once and queued for filing in one transaction
 * (POL-006.11, .12), and acknowledged: `ok` only once it is stored, a duplicate
 * acknowledged again, `fatal-error` with MedCom's code when refused, and
 * `transient-error` when it cannot be taken now (POL-006.9, .10).
 */
export async function receive(
  deps: ReceiveDeps,
  input: unknown,
  requestId: string,
  emit: (event: ReceiveEvent) => void = () => {},
): Promise<ReceiveAnswer> {
  if (eventCodeOf(input) === 'acknowledgement-message')
    return takeAcknowledgement(deps, input, requestId, emit);
  const read = readCareCommunication(input);
  if (!read.ok) {
    const addressable = addressOf(input);
    if (!addressable)
      throw new AppError(422, 'invalid_bundle', 'Not a CareCommunication that can be acknowledged');
    return fatal(deps, addressable, issuesOf(read.issues));
  }
  const message = read.content;
  const cprValue = message.patient.identifiers.find((i) => i.system === SYSTEM.cpr)?.value;
  const cpr = cprValue ? parseCpr(cprValue) : undefined;
  if (!cpr?.ok)
    return fatal(deps, message, [
      {
        severity: 'error',
        type: 'required',
        detail: 'MSG_RESOURCE_REQUIRED',
        text: 'Patient.identifier: cpr-required',
      },
    ]);
  const child = pseudonym(cpr.cpr, deps.pseudonymKey);
  const record = (reason: string, outcome: 'allow' | 'deny', answered: boolean) =>
    recordSystemAccess(deps.audit, {
      functionName: deps.functionName,
      caller: GATEWAY,
      organisation: { id: message.sender.sor, name: message.sender.name ?? message.sender.sor },
      child,
      action: 'correspondence.receive',
      purpose: 'care_coordination',
      outcome,
      reason,
      answered,
      requestId,
    });
  try {
    const location = await deps.locations.find({ ean: message.receiver.ean });
    if (!location || location.sor !== message.receiver.sor || !location.unitId) {
      await record('receiver_unknown', 'deny', false);
      return fatal(deps, message, [
        { severity: 'error', type: 'value', detail: 'MSG_Receiver_Identifier_UNKNOWN' },
      ]);
    }
    if (!location.receivesCareCommunication) {
      await record('receiver_not_receiving', 'deny', false);
      return fatal(deps, message, [
        { severity: 'error', type: 'value', detail: 'MSG_RECEIVER_UNABLE_TO_RECEIVE_MSG_TYPE' },
      ]);
    }
    const current = message.provenance.at(-1)!;
    const stored = await deps.store.accept(
      {
        direction: 'inbound',
        envelopeId: message.bundleId,
        messageId: message.messageId,
        threadId: message.threadId,
        activity: current.activity,
        child,
        unitId: location.unitId,
        sender: message.sender,
        receiver: message.receiver,
        category: message.category,
        ...(message.topic !== undefined ? { topic: message.topic } : {}),
        bundle: input,
      },
      { kind: 'file', maxAttempts: deps.maxAttempts },
    );
    // No `ok` without the record of it (POL-007.5); a failed record makes the gateway come back, and the
    // message it brings again is then the duplicate that is recorded.
    await record(stored.duplicate ? 'duplicate' : 'received', 'allow', true);
    emit({ type: 'received', id: stored.message.id, duplicate: stored.duplicate });
  } catch {
    // The store, SOR or the audit log cannot answer now: the gateway is told to come back (never `ok` unstored).
    return {
      status: 503,
      acknowledgement: buildAcknowledgement(
        acknowledge(
          message,
          {
            code: 'transient-error',
            issues: [{ severity: 'error', type: 'transient', detail: 'MSG_Mailbox_Out_Of_Operation' }],
          },
          deps.clock(),
        ),
      ),
    };
  }
  return {
    status: 200,
    acknowledgement: buildAcknowledgement(acknowledge(message, { code: 'ok' }, deps.clock())),
  };
}

/**
 * A peer's Acknowledgement of a message sent from here, brought as a message
 * of its own: it moves the message on (POL-006.16) and is recorded before the
 * gateway is answered. An acknowledgement is never acknowledged (MedCom): an
 * unknown or repeated one is taken (202) and changes nothing; when the store
 * or the audit log cannot take it, 503 makes the gateway bring it again.
 */
async function takeAcknowledgement(
  deps: ReceiveDeps,
  input: unknown,
  requestId: string,
  emit: (event: ReceiveEvent) => void,
): Promise<ReceiveAnswer> {
  const ack = readAcknowledgement(input);
  if (!ack.ok) throw new AppError(422, 'invalid_bundle', 'Not a valid MedCom Acknowledgement');
  const { code, acknowledges, issues, sender } = ack.content;
  const detail = code === 'ok' ? null : (issues.find((i) => i.detail)?.detail ?? code);
  const effect = await deps.store
    .acknowledged(acknowledges, code, detail, new Date(deps.clock().getTime() + deps.retryMs))
    .catch((error: unknown) => {
      throw new AppError(503, 'transient_error', 'The acknowledgement cannot be taken now', { cause: error });
    });
  acknowledgements.add(1, { effect: effect.effect, code });
  if (effect.effect === 'unknown') return { status: 202 };
  await recordSystemAccess(deps.audit, {
    functionName: deps.functionName,
    caller: GATEWAY,
    organisation: { id: sender.sor, name: sender.name ?? sender.sor },
    child: effect.child,
    action: 'correspondence.acknowledgement',
    purpose: 'care_coordination',
    outcome: 'allow',
    reason: effect.effect === 'duplicate' ? 'duplicate' : code,
    answered: false,
    requestId,
  }).catch((error: unknown) => {
    throw new AppError(503, 'transient_error', 'The acknowledgement cannot be taken now', { cause: error });
  });
  if (effect.effect === 'applied' && (effect.status === 'acknowledged' || effect.status === 'failed'))
    emit({ type: effect.status, id: effect.id, detail });
  return { status: 202 };
}

type Addressable = Pick<CareCommunicationContent, 'messageId' | 'sender' | 'receiver' | 'provenance'>;

function fatal(
  deps: ReceiveDeps,
  message: Addressable,
  issues: readonly AcknowledgementIssue[],
): ReceiveAnswer {
  return {
    status: 200,
    acknowledgement: buildAcknowledgement(
      acknowledge(message, { code: 'fatal-error', issues }, deps.clock()),
    ),
  };
}

/**
 * Whom a refused message's acknowledgement goes to: its header's id, sender
 * and receiver, when those at least can be read.
 */
function addressOf(input: unknown): Addressable | undefined {
  const read = readMessageHeader(input, 'care-communication-message');
  if (!read?.sender || !read.receiver || !read.messageId) return undefined;
  return { messageId: read.messageId, sender: read.sender, receiver: read.receiver, provenance: [] };
}

/** A MedCom message with its attachments: R-Tek-A, MedCom's largest example, is 1.3 MB. */
export const BODY_LIMIT_BYTES = 16 * 1024 * 1024;
export const FHIR_JSON = 'application/fhir+json; fhirVersion=4.0';

/**
 * The Bundle the gateway hands over, in either of the formats MedCom messages
 * travel in over VANS (`application/fhir+json` or `application/fhir+xml`, as
 * the envelope's MIME tag says); XML is read into the JSON shape first.
 */
export async function readMessage(c: Context): Promise<unknown> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (/^application\/(fhir\+)?xml\b/.test(type)) {
    const read = readFhirXml(await c.req.text());
    if (!read.ok) throw badRequest('invalid_xml', 'The body is not FHIR XML', { rule: read.reason });
    return read.resource;
  }
  if (!/^application\/(fhir\+)?json\b/.test(type))
    throw new AppError(
      415,
      'unsupported_media_type',
      'The body must be application/fhir+json or application/fhir+xml',
    );
  try {
    return await c.req.json();
  } catch {
    throw badRequest('invalid_json', 'The body must be JSON');
  }
}
