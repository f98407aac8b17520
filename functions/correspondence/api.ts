import * as z from 'zod/mini';
import { ATTACHMENT_TYPES, CATEGORIES, EAN_NUMBER, SOR_CODE } from '../contracts/medcom/codes.ts';
import { readCareCommunication } from '../contracts/medcom/index.ts';
import { overrideDeclaration } from '../kit/child-access/override.ts';
import type { ApiOperation } from '../runtime/openapi/operation.ts';
import type { CorrespondenceStore, StoredMessage } from './store.ts';

/** Why the professional writes or reads, as the audit log and MinLog show it. */
export const PURPOSES = ['treatment', 'care_coordination', 'referral', 'case_processing'] as const;
export const OVERRIDE_REASONS = ['citizen_consent', 'vital_interest'] as const;

const cpr = z.string().check(z.minLength(10), z.maxLength(11));
const childPart = {
  /** `DDMMYY-SSSS` or `DDMMYYSSSS`, in the body only. */
  cpr,
  purpose: z.enum(PURPOSES),
  override: z.optional(overrideDeclaration(OVERRIDE_REASONS)),
};

export const receiverRef = z.union([
  z.strictObject({ sor: z.string().check(z.regex(SOR_CODE, 'must be a SOR code')) }),
  z.strictObject({ ean: z.string().check(z.regex(EAN_NUMBER, 'must be an EAN location number')) }),
]);

/** `POST /v1/messages`: a CareCommunication about the child, as structured data. */
export const sendRequest = z.strictObject({
  ...childPart,
  /** The receiving location, by SOR code or EAN location number. */
  receiver: receiverRef,
  category: z.enum(CATEGORIES),
  /** Required when the category is `other`. */
  topic: z.optional(z.string().check(z.minLength(1), z.maxLength(60))),
  priority: z.optional(z.enum(['routine', 'asap'])),
  text: z.string().check(z.minLength(1), z.maxLength(20_000)),
  /** Where the author can be called back. */
  contactPhone: z.string().check(z.regex(/^\+?\d{8,12}$/, 'must be a phone number')),
  attachments: z.optional(
    z
      .array(
        z.strictObject({
          title: z.string().check(z.minLength(1), z.maxLength(100)),
          contentType: z.enum(ATTACHMENT_TYPES),
          /** base64, at most ~7.5 MB */
          data: z
            .string()
            .check(z.regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64'), z.maxLength(10_000_000)),
        }),
      )
      .check(z.maxLength(10)),
  ),
  /** The stored message this answers (a reply) or passes on (a forward). */
  replyTo: z.optional(z.uuid()),
  forwardOf: z.optional(z.uuid()),
});
export type SendRequest = z.infer<typeof sendRequest>;

const location = z.object({ sor: z.string(), ean: z.string(), name: z.nullable(z.string()) });
export const messageSummary = z.object({
  id: z.string(),
  direction: z.enum(['outbound', 'inbound']),
  threadId: z.string(),
  activity: z.string(),
  sender: location,
  receiver: location,
  category: z.string(),
  status: z.string(),
  statusDetail: z.nullable(z.string()),
  filedOnCase: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const sendResponse = z.object({
  id: z.string(),
  messageId: z.string(),
  threadId: z.string(),
  status: z.string(),
  overrideUsed: z.boolean(),
});
export type SendResponse = z.infer<typeof sendResponse>;

const page = {
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  limit: z._default(z.int().check(z.gte(1), z.lte(100)), 20),
};

/** `POST /v1/threads/search`: the child's correspondence the caller's organisation is party to. */
export const threadRequest = z.strictObject({
  ...childPart,
  threadId: z.optional(z.string().check(z.maxLength(60))),
  ...page,
});
export type ThreadRequest = z.infer<typeof threadRequest>;

export const threadMessage = z.object({
  ...messageSummary.shape,
  topic: z.nullable(z.string()),
  payloads: z.array(
    z.object({
      kind: z.enum(['text', 'attachment']),
      date: z.string(),
      author: z.nullable(z.string()),
      text: z.optional(z.string()),
      title: z.optional(z.string()),
      contentType: z.optional(z.string()),
    }),
  ),
});
export const threadResponse = z.object({
  messages: z.array(threadMessage),
  next: z.optional(z.string()),
  overrideUsed: z.boolean(),
});
export type ThreadResponse = z.infer<typeof threadResponse>;

/** `POST /v1/inbox/list`: the caller's unit's messages, without the child; why the caller reads them. */
export const inboxRequest = z.strictObject({ purpose: z.enum(PURPOSES), ...page });
export const inboxResponse = z.object({ messages: z.array(messageSummary), next: z.optional(z.string()) });

/** `POST /v1/messages/status`: one message about the child, by the id the send answered. */
export const statusRequest = z.strictObject({ ...childPart, id: z.uuid() });
export const statusResponse = z.object({
  ...messageSummary.shape,
  attempts: z.number(),
  nextAttemptAt: z.nullable(z.string()),
  overrideUsed: z.boolean(),
});

export const outboxResponse = z.object({
  claimed: z.number(),
  done: z.number(),
  retried: z.number(),
  failed: z.number(),
  deadLettered: z.number(),
  tasks: z.record(z.string(), z.number()),
});

const userProblems = {
  401: ['missing_token', 'invalid_token', 'token_expired', 'untrusted_issuer'],
  413: ['body_too_large'],
  415: ['unsupported_media_type'],
};

export const SEND_MESSAGE: ApiOperation = {
  method: 'post',
  path: '/v1/messages',
  operationId: 'sendMessage',
  summary: 'Send a MedCom CareCommunication about a child',
  description:
    'Builds the CareCommunication Bundle, validates it against MedCom’s rules, stores it and queues it for delivery in one ' +
    'transaction; `can_send_correspondence` decides and the decision is logged before anything happens.',
  requestBody: { name: 'SendMessageRequest', schema: sendRequest },
  responses: {
    202: { description: 'Stored and queued', body: { name: 'SendMessageResponse', schema: sendResponse } },
  },
  problems: {
    ...userProblems,
    400: ['invalid_request', 'invalid_json', 'invalid_cpr', 'invalid_cpr_date'],
    403: ['no_relation_to_child', 'blocked_by_citizen'],
    422: [
      'unknown_receiver',
      'receiver_not_receiving',
      'sender_has_no_location',
      'topic_required',
      'priority_not_allowed',
      'reply_and_forward',
      'earlier_message_not_found',
      'invalid_message',
    ],
    502: ['upstream_error', 'upstream_invalid_response'],
    503: ['authorizer_unavailable', 'audit_unavailable', 'upstream_unavailable', 'database_unavailable'],
    504: ['upstream_timeout'],
  },
};

export const SEARCH_THREADS: ApiOperation = {
  method: 'post',
  path: '/v1/threads/search',
  operationId: 'searchThreads',
  summary: 'The child’s correspondence your organisation is party to, newest first',
  requestBody: { name: 'ThreadRequest', schema: threadRequest },
  responses: {
    200: { description: 'A page of messages', body: { name: 'ThreadResponse', schema: threadResponse } },
  },
  problems: {
    ...userProblems,
    400: ['invalid_request', 'invalid_json', 'invalid_cpr', 'invalid_cpr_date', 'invalid_cursor'],
    403: ['no_relation_to_child', 'blocked_by_citizen'],
    502: ['upstream_error', 'upstream_invalid_response'],
    503: ['authorizer_unavailable', 'audit_unavailable', 'upstream_unavailable', 'database_unavailable'],
    504: ['upstream_timeout'],
  },
};

export const LIST_INBOX: ApiOperation = {
  method: 'post',
  path: '/v1/inbox/list',
  operationId: 'listInbox',
  summary: 'Your unit’s messages (sent and received), newest first, without the child',
  description:
    'Each message is listed only when `can_read_correspondence` on its child allows, with the child’s facts pulled as ' +
    'for a thread; each child’s decision is logged before the page is answered.',
  requestBody: { name: 'InboxRequest', schema: inboxRequest },
  responses: {
    200: { description: 'A page of messages', body: { name: 'InboxResponse', schema: inboxResponse } },
  },
  problems: {
    ...userProblems,
    400: ['invalid_request', 'invalid_json', 'invalid_cursor'],
    502: ['upstream_error', 'upstream_invalid_response'],
    503: ['authorizer_unavailable', 'audit_unavailable', 'upstream_unavailable', 'database_unavailable'],
    504: ['upstream_timeout'],
  },
};

export const MESSAGE_STATUS: ApiOperation = {
  method: 'post',
  path: '/v1/messages/status',
  operationId: 'messageStatus',
  summary: 'Where a message about the child stands: queued → sent → acknowledged / failed / dead-letter',
  description:
    '`can_read_correspondence` on the child decides, and the decision is logged before the answer.',
  requestBody: { name: 'StatusRequest', schema: statusRequest },
  responses: {
    200: { description: 'The message', body: { name: 'StatusResponse', schema: statusResponse } },
  },
  problems: {
    ...userProblems,
    400: ['invalid_request', 'invalid_json', 'invalid_cpr', 'invalid_cpr_date'],
    403: ['no_relation_to_child', 'blocked_by_citizen'],
    404: ['message_not_found'],
    502: ['upstream_error', 'upstream_invalid_response'],
    503: ['authorizer_unavailable', 'audit_unavailable', 'upstream_unavailable', 'database_unavailable'],
    504: ['upstream_timeout'],
  },
};

export const RECEIVE_MESSAGE: ApiOperation = {
  method: 'post',
  path: '/gateway/v1/messages',
  operationId: 'receiveMessage',
  summary: 'The message gateway hands over a MedCom Bundle; the answer is its Acknowledgement',
  description:
    'For the MSH/VANS gateway, with its own bearer credential. A CareCommunication is validated, stored once (a duplicate is ' +
    'acknowledged again) and queued for filing on the child’s active case; an Acknowledgement moves a sent message on. ' +
    'The body is `application/fhir+json` or `application/fhir+xml` (MedCom messages travel over VANS in either); ' +
    'the answer is the Acknowledgement as `application/fhir+json`.',
  responses: {
    200: { description: 'Acknowledgement Bundle (ok or fatal-error)' },
    202: { description: 'An acknowledgement was taken' },
  },
  problems: {
    400: ['invalid_json', 'invalid_xml'],
    401: ['missing_token', 'invalid_token'],
    413: ['body_too_large'],
    415: ['unsupported_media_type'],
    422: ['invalid_bundle'],
    503: ['transient_error'],
  },
  security: 'public',
};

export const RUN_OUTBOX: ApiOperation = {
  method: 'post',
  path: '/jobs/v1/outbox/run',
  operationId: 'runOutbox',
  summary: 'Deliver and file the due messages (the schedule calls it)',
  responses: {
    200: { description: 'What the run did', body: { name: 'OutboxReport', schema: outboxResponse } },
  },
  problems: { 401: ['missing_token', 'invalid_token'], 503: ['database_unavailable'] },
  security: 'public',
};

export const purgeResponse = z.object({ purged: z.number(), cutoff: z.string() });

export const PURGE_CONTENT: ApiOperation = {
  method: 'post',
  path: '/jobs/v1/retention/purge',
  operationId: 'purgeContent',
  summary:
    'Remove the content of messages filed or ended longer ago than the retention period (the schedule calls it)',
  responses: {
    200: { description: 'How many were purged', body: { name: 'PurgeReport', schema: purgeResponse } },
  },
  problems: { 401: ['missing_token', 'invalid_token'], 503: ['database_unavailable'] },
  security: 'public',
};

/** A stored message as the API shows it: never the child, never content. */
export function summary(m: StoredMessage) {
  return {
    id: m.id,
    direction: m.direction,
    threadId: m.threadId,
    activity: m.activity,
    sender: m.sender,
    receiver: m.receiver,
    category: m.category,
    status: m.status,
    statusDetail: m.statusDetail,
    filedOnCase: m.filedOnCase,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
  };
}

/** A message of a thread, with the payloads it added (not those it carried from earlier messages). */
export async function threadView(
  store: CorrespondenceStore,
  m: StoredMessage,
): Promise<ThreadResponse['messages'][number]> {
  const stored = await store.bundleOf(m.id);
  const read = stored ? readCareCommunication(stored.bundle) : undefined;
  const added = read?.ok ? new Set(read.content.provenance.at(-1)?.payloadIds ?? []) : new Set<string>();
  const payloads = read?.ok ? read.content.payloads.filter((p) => added.has(p.id)) : [];
  return {
    ...summary(m),
    topic: m.topic,
    payloads: payloads.map((p) => ({
      kind: p.kind,
      date: p.date,
      author: p.author ? [...(p.author.name.given ?? []), p.author.name.family ?? ''].join(' ').trim() : null,
      ...(p.kind === 'text'
        ? { text: p.text }
        : { title: p.title, ...(p.contentType ? { contentType: p.contentType } : {}) }),
    })),
  };
}
