import {
  type BundleReader,
  codingOf,
  extensionOf,
  isObject,
  type Json,
  list,
  objects,
  text,
} from './bundle-reader.ts';
import {
  ACTIVITIES,
  ATTACHMENT_TYPES,
  CARE_COMMUNICATION_DEFINITION_PATTERN,
  CATEGORIES,
  type Category,
  DATE_TIME_WITH_ZONE,
  EXTENSION,
  FHIR_ID,
  SYSTEM,
  UUID_V4,
} from './codes.ts';
import type {
  Author,
  CareCommunicationContent,
  MessagingOrganization,
  Payload,
  ProvenanceEntry,
  ReadResult,
} from './content.ts';
import { envelopeOf, readMessageHeader, refusedBundle } from './message-header.ts';
import { readOrganization } from './organization.ts';

const URN_UUID = (value: string | undefined) =>
  value?.startsWith('urn:uuid:') === true && UUID_V4.test(value.slice('urn:uuid:'.length));
/** A payload's identifier is any UUID: MedCom's own R-Tek-A example gives one a version-1 UUID. */
const URN_ANY_UUID = (value: string | undefined) =>
  value?.startsWith('urn:uuid:') === true &&
  /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(
    value.slice('urn:uuid:'.length),
  );

/**
 * Validates a MedCom CareCommunication Bundle against the profile rules the
 * published examples embody (../shared/conformance/medcom/README.md) and
 * gives its content. Any input is safe: a malformed one yields issues, never
 * an exception, and an issue never quotes a value from the message.
 */
export function readCareCommunication(input: unknown): ReadResult<CareCommunicationContent> {
  const read = readMessageHeader(input, 'care-communication-message');
  if (!read) return { ok: false, issues: [{ path: 'Bundle', rule: 'bundle', detail: 'MSG_BAD_SYNTAX' }] };
  const { reader, header } = read;
  if (!FHIR_ID.test(read.messageId)) reader.fail('MessageHeader.id', 'header-id', 'MSG_RESOURCE_REQUIRED');
  if (!CARE_COMMUNICATION_DEFINITION_PATTERN.test(String(header.definition)))
    reader.fail('MessageHeader.definition', 'header-definition', 'MSG_VALUESET_VALUE_UNKNOWN');
  reader.requireProfiles();
  const focus = list(header.focus);
  const communication = focus.length === 1 ? reader.resolve(focus[0], 'Communication') : undefined;
  if (!communication)
    reader.fail('MessageHeader.focus', 'header-focus-communication', 'MSG_RESOURCE_REQUIRED');
  if (reader.ofType('Communication').length !== 1)
    reader.fail('Communication', 'one-communication', 'MSG_RESOURCE_REQUIRED');
  const patients = reader.ofType('Patient');
  if (patients.length !== 1) reader.fail('Patient', 'one-patient', 'MSG_RESOURCE_REQUIRED');
  const patient = readPatient(reader, patients[0]);
  checkPractitionerRoles(reader);
  const thread = communication ? readCommunication(reader, communication, patients[0]) : undefined;
  const provenance = readProvenance(reader, read.messageId, thread?.payloads ?? []);
  if (reader.issues.length > 0 || !thread || !patient || !read.sender || !read.receiver)
    return refusedBundle(reader.issues);
  return {
    ok: true,
    content: {
      ...envelopeOf({ ...read, sender: read.sender, receiver: read.receiver }),
      patient,
      threadId: thread.threadId,
      category: thread.category,
      ...(thread.topic !== undefined ? { topic: thread.topic } : {}),
      ...(thread.priority ? { priority: thread.priority } : {}),
      payloads: thread.payloads,
      provenance,
    },
  };
}

function readPatient(
  reader: BundleReader,
  patient: Json | undefined,
): CareCommunicationContent['patient'] | undefined {
  if (!patient) return undefined;
  const identifiers = objects(patient.identifier).flatMap((i) => {
    const system = text(i.system);
    const value = text(i.value);
    return system && value ? [{ system, value }] : [];
  });
  if (identifiers.length === 0)
    reader.fail('Patient.identifier', 'patient-identifier', 'MSG_RESOURCE_REQUIRED');
  const name = objects(patient.name)[0];
  return { identifiers, ...(name ? { name: nameOf(name) } : {}) };
}

function nameOf(name: Json): Author['name'] {
  const family = text(name.family);
  const given = list(name.given).filter((g): g is string => typeof g === 'string');
  return { ...(family !== undefined ? { family } : {}), ...(given.length > 0 ? { given } : {}) };
}

function checkPractitionerRoles(reader: BundleReader): void {
  for (const role of reader.ofType('PractitionerRole')) {
    const practitioner = reader.resolve(role.practitioner, 'Practitioner');
    if (!practitioner || objects(practitioner.name).length === 0)
      reader.fail('PractitionerRole.practitioner', 'practitioner-role-named', 'MSG_RESOURCE_REQUIRED');
  }
}

interface Thread {
  readonly threadId: string;
  readonly category: Category;
  readonly topic?: string;
  readonly priority?: 'routine' | 'asap';
  readonly payloads: readonly Payload[];
}

function readCommunication(
  reader: BundleReader,
  communication: Json,
  patient: Json | undefined,
): Thread | undefined {
  if (communication.status !== 'unknown')
    reader.fail('Communication.status', 'communication-status', 'MSG_VALUESET_VALUE_UNKNOWN');
  const identifiers = objects(communication.identifier);
  const threadId = text(identifiers[0]?.value);
  if (identifiers.length !== 1 || !URN_UUID(threadId))
    reader.fail('Communication.identifier', 'communication-identifier', 'MSG_BAD_FORMAT');
  const categories = list(communication.category);
  const { code, otherSystem } = codingOf(categories[0], SYSTEM.categoryCodes);
  if (categories.length !== 1 || otherSystem)
    reader.fail('Communication.category', 'communication-category-system', 'MSG_CodeSystem_VALUE_UNKNOWN');
  const category = CATEGORIES.find((c) => c === code);
  if (!category)
    reader.fail('Communication.category', 'communication-category-code', 'MSG_VALUESET_VALUE_UNKNOWN');
  const priority = communication.priority;
  if (
    priority !== undefined &&
    (category !== 'regarding-referral' || (priority !== 'routine' && priority !== 'asap'))
  )
    reader.fail('Communication.priority', 'communication-priority', 'MSG_VALUESET_VALUE_UNKNOWN');
  const topic = isObject(communication.topic) ? text(communication.topic.text) : undefined;
  if (category === 'other' && !topic)
    reader.fail('Communication.topic', 'communication-topic-other', 'MSG_RESOURCE_REQUIRED');
  if (patient && reader.resolve(communication.subject, 'Patient') !== patient)
    reader.fail('Communication.subject', 'communication-subject', 'MSG_RESOURCE_REQUIRED');
  const encounter =
    communication.encounter === undefined ? undefined : reader.resolve(communication.encounter, 'Encounter');
  if ((encounter !== undefined) !== reader.ofType('Encounter').length > 0)
    reader.fail('Communication.encounter', 'encounter-referenced', 'MSG_RESOURCE_REQUIRED');
  if (encounter && !objects(encounter.episodeOfCare).some((e) => isObject(e.identifier)))
    reader.fail('Encounter.episodeOfCare', 'encounter-episode-of-care', 'MSG_RESOURCE_REQUIRED');
  const payloads = objects(communication.payload).map((p, i) =>
    readPayload(reader, p, `Communication.payload[${i}]`),
  );
  if (!payloads.some((p) => p?.kind === 'text'))
    reader.fail('Communication.payload', 'communication-text-payload', 'MSG_RESOURCE_REQUIRED');
  if (!threadId || !category || payloads.some((p) => p === undefined)) return undefined;
  return {
    threadId,
    category,
    ...(topic !== undefined ? { topic } : {}),
    ...(priority === 'routine' || priority === 'asap' ? { priority } : {}),
    payloads: payloads as Payload[],
  };
}

function readPayload(reader: BundleReader, payload: Json, path: string): Payload | undefined {
  const date = text(extensionOf(payload, EXTENSION.datetime)?.valueDateTime);
  if (!date || !DATE_TIME_WITH_ZONE.test(date))
    reader.fail(`${path}.extension:date`, 'payload-date', 'MSG_Datatype_Wrong');
  const identifier = extensionOf(payload, EXTENSION.identifier)?.valueIdentifier;
  const id = isObject(identifier) ? text(identifier.value) : undefined;
  if (!URN_ANY_UUID(id)) reader.fail(`${path}.extension:identifier`, 'payload-identifier', 'MSG_BAD_FORMAT');
  const assigner = isObject(identifier) ? reader.resolve(identifier.assigner, 'Organization') : undefined;
  const assignerSor = assigner ? sorOf(assigner) : undefined;
  const author = readAuthor(reader, extensionOf(payload, EXTENSION.practitioner)?.valueReference);
  const contact = extensionOf(payload, EXTENSION.contact)?.valueContactPoint;
  const common = { id: id ?? '', date: date ?? '', ...(assignerSor ? { assignerSor } : {}) };
  if (typeof payload.contentString === 'string') {
    const contactSystem = isObject(contact) ? text(contact.system) : undefined;
    const contactValue = isObject(contact) ? text(contact.value) : undefined;
    if (payload.contentString.trim().length === 0)
      reader.fail(`${path}.contentString`, 'payload-text', 'MSG_RESOURCE_REQUIRED');
    if (!author) reader.fail(`${path}.extension:author`, 'payload-text-author', 'MSG_RESOURCE_REQUIRED');
    if (!contactSystem || !contactValue)
      reader.fail(`${path}.extension:authorContact`, 'payload-text-author-contact', 'MSG_RESOURCE_REQUIRED');
    if (!author || !contactSystem || !contactValue) return undefined;
    return {
      kind: 'text',
      ...common,
      text: payload.contentString,
      author,
      authorContact: { system: contactSystem, value: contactValue },
    };
  }
  const attachment = isObject(payload.contentAttachment) ? payload.contentAttachment : undefined;
  if (!attachment) {
    reader.fail(`${path}.content[x]`, 'payload-content', 'MSG_Datatype_Wrong');
    return undefined;
  }
  const title = text(attachment.title);
  const data = text(attachment.data);
  const url = text(attachment.url);
  const contentType = text(attachment.contentType);
  if (!title) reader.fail(`${path}.contentAttachment.title`, 'attachment-title', 'MSG_RESOURCE_REQUIRED');
  const typed = contentType !== undefined && (ATTACHMENT_TYPES as readonly string[]).includes(contentType);
  if (!(data && typed && /^[A-Za-z0-9+/=\s]+$/.test(data)) && !url)
    reader.fail(`${path}.contentAttachment`, 'attachment-data-or-url', 'MSG_BAD_FORMAT');
  if (!title) return undefined;
  return {
    kind: 'attachment',
    ...common,
    title,
    ...(contentType ? { contentType } : {}),
    ...(data ? { data } : {}),
    ...(url ? { url } : {}),
    ...(author ? { author } : {}),
  };
}

function readAuthor(reader: BundleReader, reference: unknown): Author | undefined {
  const role = reader.resolve(reference, 'PractitionerRole');
  const practitioner = role
    ? reader.resolve(role.practitioner, 'Practitioner')
    : reader.resolve(reference, 'Practitioner');
  const name = practitioner ? objects(practitioner.name)[0] : undefined;
  if (!name) return undefined;
  const roleCode = role ? text(objects(objects(role.code)[0]?.coding)[0]?.code) : undefined;
  return { name: nameOf(name), ...(roleCode ? { role: roleCode } : {}) };
}

function sorOf(organization: Json): string | undefined {
  return text(objects(organization.identifier).find((i) => i.system === SYSTEM.sor)?.value);
}

/**
 * One Provenance per message of the thread; the one targeting this message's
 * header comes last. Each message's `source` entities name the payloads it
 * added: together they cover every payload, and none names a payload that is
 * not there (MedCom's R-Tek-M/N "invalid" examples break this). Targets and
 * revisions may name earlier headers that are not in the Bundle.
 */
function readProvenance(
  reader: BundleReader,
  messageId: string,
  payloads: readonly Payload[],
): ProvenanceEntry[] {
  const entries: ProvenanceEntry[] = [];
  for (const [i, provenance] of reader.ofType('Provenance').entries()) {
    const path = `Provenance[${i}]`;
    const target = text(objects(provenance.target)[0]?.reference);
    const targetId = target?.startsWith('MessageHeader/') ? target.slice('MessageHeader/'.length) : undefined;
    if (!targetId) reader.fail(`${path}.target`, 'provenance-target', 'MSG_RESOURCE_REQUIRED');
    const occurred = text(provenance.occurredDateTime);
    const recorded = text(provenance.recorded);
    if (!occurred || !DATE_TIME_WITH_ZONE.test(occurred) || !recorded || !DATE_TIME_WITH_ZONE.test(recorded))
      reader.fail(`${path}.occurred`, 'provenance-times', 'MSG_Datatype_Wrong');
    const { code, otherSystem } = codingOf(provenance.activity, SYSTEM.activityCodes);
    if (otherSystem)
      reader.fail(`${path}.activity`, 'provenance-activity-system', 'MSG_CodeSystem_VALUE_UNKNOWN');
    const activity = ACTIVITIES.find((a) => a === code);
    if (!activity) reader.fail(`${path}.activity`, 'provenance-activity-code', 'MSG_VALUESET_VALUE_UNKNOWN');
    const entities = objects(provenance.entity);
    const payloadIds = entities
      .filter((e) => e.role === 'source')
      .map((e) =>
        isObject(e.what) && isObject(e.what.identifier) ? text(e.what.identifier.value) : undefined,
      );
    if (payloadIds.some((id) => id === undefined || !payloads.some((p) => p.id === id)))
      reader.fail(`${path}.entity:source`, 'provenance-entity-matches-payload', 'MSG_RESOURCE_REQUIRED');
    const revisionEntity = entities.find((e) => e.role === 'revision');
    const revision = isObject(revisionEntity?.what)
      ? (text(revisionEntity.what.reference) ??
        (isObject(revisionEntity.what.identifier) ? text(revisionEntity.what.identifier.value) : undefined))
      : undefined;
    const agentOrganization = reader.resolve(objects(provenance.agent)[0]?.who, 'Organization');
    const agent = agentOrganization ? quietOrganization(reader, agentOrganization) : undefined;
    if (!targetId || !occurred || !activity) continue;
    entries.push({
      activity,
      messageId: targetId,
      occurred,
      ...(agent ? { agent } : {}),
      payloadIds: payloadIds.filter((id): id is string => id !== undefined),
      ...(revision ? { revision } : {}),
    });
  }
  const current = entries.filter((e) => e.messageId === messageId);
  if (current.length !== 1)
    reader.fail('Provenance.target', 'provenance-current-message', 'MSG_RESOURCE_REQUIRED');
  const covered = new Set(entries.flatMap((e) => e.payloadIds));
  if (payloads.some((p) => !covered.has(p.id)))
    reader.fail('Provenance.entity', 'provenance-covers-payloads', 'MSG_RESOURCE_REQUIRED');
  if (current[0] && current[0].activity !== 'new-message' && !current[0].revision)
    reader.fail('Provenance.entity:revision', 'provenance-revision', 'MSG_RESOURCE_REQUIRED');
  return [...entries.filter((e) => e.messageId !== messageId), ...current];
}

/** An agent Organization, checked as any other; its issues count. */
function quietOrganization(reader: BundleReader, organization: Json): MessagingOrganization | undefined {
  return readOrganization(reader, organization, 'Provenance.agent');
}
