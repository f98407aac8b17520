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
import { parseCpr, pseudonym } from '../runtime/cpr/cpr.ts';
import { AppError } from '../runtime/http/app-error.ts';
import type { CorrespondenceStore } from './store.ts';

export interface ReceiveDeps {
  readonly store: CorrespondenceStore;
  readonly locations: MessagingLocations;
  readonly pseudonymKey: Uint8Array;
  readonly clock: () => Date;
  readonly maxAttempts: number;
}

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
export async function receive(deps: ReceiveDeps, input: unknown): Promise<ReceiveAnswer> {
  if (eventCodeOf(input) === 'acknowledgement-message') {
    const ack = readAcknowledgement(input);
    if (!ack.ok) throw new AppError(422, 'invalid_bundle', 'Not a valid MedCom Acknowledgement');
    const { code, acknowledges, issues } = ack.content;
    if (code !== 'transient-error')
      await deps.store.acknowledged(
        acknowledges,
        code === 'ok' ? 'acknowledged' : 'failed',
        code === 'ok' ? null : (issues.find((i) => i.detail)?.detail ?? code),
      );
    return { status: 202 };
  }
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
  try {
    const location = await deps.locations.find({ ean: message.receiver.ean });
    if (!location || location.sor !== message.receiver.sor || !location.unitId)
      return fatal(deps, message, [
        { severity: 'error', type: 'value', detail: 'MSG_Receiver_Identifier_UNKNOWN' },
      ]);
    if (!location.receivesCareCommunication)
      return fatal(deps, message, [
        { severity: 'error', type: 'value', detail: 'MSG_RECEIVER_UNABLE_TO_RECEIVE_MSG_TYPE' },
      ]);
    const current = message.provenance.at(-1)!;
    await deps.store.accept(
      {
        direction: 'inbound',
        envelopeId: message.bundleId,
        messageId: message.messageId,
        threadId: message.threadId,
        activity: current.activity,
        child: pseudonym(cpr.cpr, deps.pseudonymKey),
        unitId: location.unitId,
        sender: message.sender,
        receiver: message.receiver,
        category: message.category,
        ...(message.topic !== undefined ? { topic: message.topic } : {}),
        bundle: input,
      },
      { kind: 'file', maxAttempts: deps.maxAttempts },
    );
  } catch {
    // The store or SOR cannot answer now: the gateway is told to come back (never `ok` unstored).
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
