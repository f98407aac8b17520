import { BundleReader, extensionOf, isObject, type Json, list, objects, text } from './bundle-reader.ts';
import { DATE_TIME_WITH_ZONE, EXTENSION, FHIR_ID, SYSTEM } from './codes.ts';
import type { BundleIssue, MessagingOrganization } from './content.ts';
import { readOrganization } from './organization.ts';

export type EventCode = 'care-communication-message' | 'acknowledgement-message';

/** What every MedCom message header gives: ids, the event, sender and the one primary receiver. */
export interface HeaderRead {
  readonly reader: BundleReader;
  readonly header: Json;
  readonly bundleId: string;
  readonly messageId: string;
  readonly timestamp: string;
  readonly sender: MessagingOrganization | undefined;
  readonly receiver: MessagingOrganization | undefined;
}

/** The event code of a message Bundle, read without trusting anything: `undefined` when there is none. */
export function eventCodeOf(bundle: unknown): string | undefined {
  if (!isObject(bundle)) return undefined;
  const first = objects(bundle.entry)[0]?.resource;
  if (!isObject(first) || first.resourceType !== 'MessageHeader' || !isObject(first.eventCoding))
    return undefined;
  return text(first.eventCoding.code);
}

/**
 * The Bundle rules every MedCom message shares (type `message`, id and
 * timestamp, entry[0] the MessageHeader, fullUrls, the event, exactly one
 * `primary` destination, sender and receiver Organizations in the Bundle).
 * Issues go to the reader; the result is `undefined` only when the input is
 * not a message Bundle at all.
 */
export function readMessageHeader(input: unknown, event: EventCode): HeaderRead | undefined {
  if (!isObject(input) || input.resourceType !== 'Bundle') return undefined;
  const reader = new BundleReader(input);
  if (input.type !== 'message') reader.fail('Bundle.type', 'bundle-type-message', 'MSG_BAD_FORMAT');
  const bundleId = text(input.id);
  if (!bundleId || !FHIR_ID.test(bundleId)) reader.fail('Bundle.id', 'bundle-id', 'MSG_RESOURCE_REQUIRED');
  const timestamp = text(input.timestamp);
  if (!timestamp || !DATE_TIME_WITH_ZONE.test(timestamp))
    reader.fail('Bundle.timestamp', 'bundle-timestamp', 'MSG_Datatype_Wrong');
  const first = objects(input.entry)[0]?.resource;
  if (!isObject(first) || first.resourceType !== 'MessageHeader') {
    reader.fail('Bundle.entry[0]', 'header-first', 'MSG_RESOURCE_REQUIRED');
    return {
      reader,
      header: {},
      bundleId: bundleId ?? '',
      messageId: '',
      timestamp: timestamp ?? '',
      sender: undefined,
      receiver: undefined,
    };
  }
  const header = first;
  const messageId = text(header.id) ?? '';
  const eventCoding = isObject(header.eventCoding) ? header.eventCoding : {};
  if (eventCoding.system !== SYSTEM.eventCodes)
    reader.fail('MessageHeader.eventCoding.system', 'header-event-system', 'MSG_CodeSystem_VALUE_UNKNOWN');
  if (eventCoding.code !== event)
    reader.fail('MessageHeader.eventCoding.code', 'header-event-code', 'MSG_VALUESET_VALUE_UNKNOWN');
  const destinations = list(header.destination);
  if (destinations.length !== 1)
    reader.fail('MessageHeader.destination', 'header-one-destination', 'MSG_Receiver_Identifier_MISSING');
  const destination = isObject(destinations[0]) ? destinations[0] : {};
  const use = extensionOf(destination, EXTENSION.destinationUse);
  const useCode = isObject(use?.valueCoding) ? use.valueCoding : {};
  if (useCode.system !== SYSTEM.destinationUse || useCode.code !== 'primary')
    reader.fail(
      'MessageHeader.destination.extension:use',
      'header-destination-primary',
      'MSG_VALUESET_VALUE_UNKNOWN',
    );
  const receiver = readOrganization(
    reader,
    reader.resolve(destination.receiver, 'Organization'),
    'MessageHeader.destination.receiver',
  );
  const sender = readOrganization(
    reader,
    reader.resolve(header.sender, 'Organization'),
    'MessageHeader.sender',
  );
  if (!isObject(header.source) || !text(header.source.endpoint))
    reader.fail('MessageHeader.source.endpoint', 'header-source-endpoint', 'MSG_RESOURCE_REQUIRED');
  return {
    reader,
    header,
    bundleId: bundleId ?? '',
    messageId,
    timestamp: timestamp ?? '',
    sender,
    receiver,
  };
}

/** A refused message: the reader's issues, or the Bundle as a whole when it named none. */
export function refusedBundle(issues: readonly BundleIssue[]): { ok: false; issues: readonly BundleIssue[] } {
  return {
    ok: false,
    issues: issues.length > 0 ? issues : [{ path: 'Bundle', rule: 'bundle', detail: 'MSG_BAD_FORMAT' }],
  };
}

/** The envelope every message's content starts with, once sender and receiver are known. */
export function envelopeOf(
  read: HeaderRead & { readonly sender: MessagingOrganization; readonly receiver: MessagingOrganization },
) {
  return {
    bundleId: read.bundleId,
    messageId: read.messageId,
    timestamp: read.timestamp,
    sender: read.sender,
    receiver: read.receiver,
  };
}
