import type {
  Bundle,
  BundleEntry,
  FhirResource,
  MessageHeader,
  OperationOutcome,
  Provenance,
} from 'fhir/r4.js';
import { destinationUse, organizationResource } from './build.ts';
import { codingOf, isObject, type Json, objects, text } from './bundle-reader.ts';
import {
  ACKNOWLEDGEMENT_DEFINITION,
  ACTIVITIES,
  ERROR_CODES,
  FULL_URL_BASE,
  type IssueDetailCode,
  PROFILE,
  RESPONSE_CODES,
  SYSTEM,
  sorEndpoint,
} from './codes.ts';
import type {
  AcknowledgementContent,
  AcknowledgementIssue,
  BundleIssue,
  CareCommunicationContent,
  ReadResult,
} from './content.ts';
import { envelopeOf, readMessageHeader, refusedBundle } from './message-header.ts';

const SEVERITIES = ['fatal', 'error', 'warning', 'information'] as const;

/**
 * Builds a MedCom Acknowledgement Bundle: the MessageHeader whose `response`
 * names the acknowledged message and the code, the two Organizations, the
 * acknowledged message's Provenance and the acknowledgement's own, and an
 * OperationOutcome (referenced from `response.details`) unless the code is `ok`.
 */
export function buildAcknowledgement(
  content: AcknowledgementContent,
  options: { readonly newId?: () => string } = {},
): Bundle<FhirResource> {
  const newId = options.newId ?? (() => crypto.randomUUID());
  const entries: BundleEntry<FhirResource>[] = [];
  const add = (resource: FhirResource & { id?: string }) => {
    entries.push({
      fullUrl: `${FULL_URL_BASE.acknowledgement}/${resource.resourceType}/${resource.id}`,
      resource,
    });
    return `${resource.resourceType}/${resource.id}`;
  };
  const sender = organizationResource(newId(), content.sender);
  const receiver =
    content.receiver.sor === content.sender.sor ? sender : organizationResource(newId(), content.receiver);
  const outcome: OperationOutcome | undefined =
    content.code === 'ok'
      ? undefined
      : {
          resourceType: 'OperationOutcome',
          id: newId(),
          meta: { profile: [PROFILE.operationOutcome] },
          issue: content.issues.map((issue) => ({
            severity: issue.severity,
            code: issue.type as 'structure',
            ...(issue.detail || issue.text
              ? {
                  details: {
                    ...(issue.detail
                      ? { coding: [{ system: detailSystem(issue.detail), code: issue.detail }] }
                      : {}),
                    ...(issue.text ? { text: issue.text } : {}),
                  },
                }
              : {}),
          })),
        };
  const header: MessageHeader = {
    resourceType: 'MessageHeader',
    id: content.messageId,
    meta: { profile: [PROFILE.acknowledgementHeader] },
    eventCoding: { system: SYSTEM.eventCodes, code: 'acknowledgement-message' },
    destination: [
      {
        extension: [destinationUse()],
        endpoint: sorEndpoint(content.receiver.sor),
        receiver: { reference: `Organization/${receiver.id}` },
      },
    ],
    sender: { reference: `Organization/${sender.id}` },
    source: { endpoint: sorEndpoint(content.sender.sor) },
    response: {
      identifier: content.acknowledges,
      code: content.code,
      ...(outcome ? { details: { reference: `OperationOutcome/${outcome.id}` } } : {}),
    },
    definition: ACKNOWLEDGEMENT_DEFINITION,
  };
  add(header);
  const provenance = (activity: string, target: string, occurred: string, agent: string): Provenance => ({
    resourceType: 'Provenance',
    id: newId(),
    meta: { profile: [PROFILE.messagingProvenance] },
    target: [{ reference: `MessageHeader/${target}` }],
    occurredDateTime: occurred,
    recorded: occurred,
    activity: { coding: [{ system: SYSTEM.activityCodes, code: activity }] },
    agent: [{ who: { reference: agent } }],
  });
  const acknowledged = content.acknowledgedProvenance;
  if (acknowledged) {
    add(
      provenance(
        acknowledged.activity,
        content.acknowledges,
        acknowledged.occurred,
        `Organization/${receiver.id}`,
      ),
    );
  }
  add({
    ...provenance('acknowledgement', content.messageId, content.timestamp, `Organization/${sender.id}`),
    entity: [{ role: 'revision', what: { reference: `MessageHeader/${content.acknowledges}` } }],
  });
  add(sender);
  if (receiver !== sender) add(receiver);
  if (outcome) add(outcome);
  return {
    resourceType: 'Bundle',
    id: content.bundleId,
    meta: { profile: [PROFILE.acknowledgementBundle] },
    type: 'message',
    timestamp: content.timestamp,
    entry: entries,
  };
}

/**
 * The acknowledgement a receiver answers a CareCommunication with: `ok`, or
 * the issues found (each with MedCom's error code) as `fatal-error`, or a
 * `transient-error` when it could not take the message now.
 */
export function acknowledge(
  message: Pick<CareCommunicationContent, 'messageId' | 'sender' | 'receiver' | 'provenance'>,
  answer: {
    readonly code: AcknowledgementContent['code'];
    readonly issues?: readonly AcknowledgementIssue[];
  },
  at: Date,
  newId: () => string = () => crypto.randomUUID(),
): AcknowledgementContent {
  const current = message.provenance.at(-1);
  return {
    bundleId: newId(),
    messageId: newId(),
    timestamp: at.toISOString(),
    sender: message.receiver,
    receiver: message.sender,
    acknowledges: message.messageId,
    code: answer.code,
    issues: answer.code === 'ok' ? [] : (answer.issues ?? []),
    ...(current
      ? { acknowledgedProvenance: { activity: current.activity, occurred: current.occurred } }
      : {}),
  };
}

/** The OperationOutcome issues that tell why a Bundle was refused: rule ids and codes, never its values. */
export function issuesOf(problems: readonly BundleIssue[]): AcknowledgementIssue[] {
  return problems.map((p) => ({
    severity: 'error',
    type:
      p.detail === 'MSG_VALUESET_VALUE_UNKNOWN' || p.detail === 'MSG_CodeSystem_VALUE_UNKNOWN'
        ? 'value'
        : 'structure',
    detail: p.detail,
    text: `${p.path}: ${p.rule}`,
  }));
}

function detailSystem(code: string): string {
  return (ERROR_CODES as readonly string[]).includes(code) ? SYSTEM.errorCodes : SYSTEM.operationOutcome;
}

/** Validates a MedCom Acknowledgement Bundle and gives its content; any input is safe. */
export function readAcknowledgement(input: unknown): ReadResult<AcknowledgementContent> {
  const read = readMessageHeader(input, 'acknowledgement-message');
  if (!read) return { ok: false, issues: [{ path: 'Bundle', rule: 'bundle', detail: 'MSG_BAD_SYNTAX' }] };
  const { reader, header } = read;
  const response = isObject(header.response) ? header.response : undefined;
  const acknowledges = response ? text(response.identifier) : undefined;
  const code = RESPONSE_CODES.find((c) => c === response?.code);
  if (!acknowledges)
    reader.fail('MessageHeader.response.identifier', 'ack-response-identifier', 'MSG_RESOURCE_REQUIRED');
  if (!code) reader.fail('MessageHeader.response.code', 'ack-response-code', 'MSG_VALUESET_VALUE_UNKNOWN');
  const outcome = response ? reader.resolve(response.details, 'OperationOutcome') : undefined;
  if (code && code !== 'ok' && !outcome)
    reader.fail('MessageHeader.response.details', 'ack-operation-outcome', 'MSG_RESOURCE_REQUIRED');
  const issues = outcome ? objects(outcome.issue).map(readIssue) : [];
  const acknowledged = reader
    .ofType('Provenance')
    .find((p) => text(objects(p.target)[0]?.reference) !== `MessageHeader/${read.messageId}`);
  const activityOf = (p: Json | undefined) =>
    ACTIVITIES.find((a) => a === codingOf(p?.activity, SYSTEM.activityCodes).code);
  const acknowledgedActivity = activityOf(acknowledged);
  const acknowledgedOccurred = text(acknowledged?.occurredDateTime);
  if (reader.issues.length > 0 || !read.sender || !read.receiver || !acknowledges || !code)
    return refusedBundle(reader.issues);
  return {
    ok: true,
    content: {
      ...envelopeOf({ ...read, sender: read.sender, receiver: read.receiver }),
      acknowledges,
      code,
      issues,
      ...(acknowledgedActivity && acknowledgedOccurred
        ? { acknowledgedProvenance: { activity: acknowledgedActivity, occurred: acknowledgedOccurred } }
        : {}),
    },
  };
}

function readIssue(issue: Json): AcknowledgementIssue {
  const severity = SEVERITIES.find((s) => s === issue.severity) ?? 'error';
  const details = isObject(issue.details) ? issue.details : {};
  const detail = text(objects(details.coding)[0]?.code);
  const issueText = text(details.text) ?? text(issue.diagnostics);
  return {
    severity,
    type: text(issue.code) ?? 'unknown',
    ...(detail ? { detail } : {}),
    ...(issueText ? { text: issueText } : {}),
  };
}

export type { IssueDetailCode };
