import type { Context, Hono } from 'hono';
import * as z from 'zod/mini';
import {
  buildCareCommunication,
  type CareCommunicationContent,
  type Payload,
  readCareCommunication,
  SYSTEM,
} from '../contracts/medcom/index.ts';
import type { MessagingLocation } from '../contracts/messaging-locations.ts';
import { decideEach } from '../kit/child-access/decide-each.ts';
import { childAccess } from '../kit/child-access/pipeline.ts';
import { functionApp } from '../kit/function-app.ts';
import type { Kit } from '../kit/kit.ts';
import type { Principal } from '../runtime/auth/principal.ts';
import { sharedSecret } from '../runtime/auth/shared-secret.ts';
import { parseEnv } from '../runtime/config/parse-env.ts';
import { type Cpr, parseCpr, pseudonym } from '../runtime/cpr/cpr.ts';
import { createEventSink } from '../runtime/events/cloud-events.ts';
import { AppError, badRequest } from '../runtime/http/app-error.ts';
import { readJson } from '../runtime/http/validate-json.ts';
import {
  inboxRequest,
  LIST_INBOX,
  MESSAGE_STATUS,
  PURGE_CONTENT,
  RECEIVE_MESSAGE,
  RUN_OUTBOX,
  SEARCH_THREADS,
  SEND_MESSAGE,
  type SendRequest,
  type SendResponse,
  sendRequest,
  statusRequest,
  summary,
  type ThreadResponse,
  threadRequest,
  threadView,
} from './api.ts';
import { type OutboxDeps, runOutbox } from './outbox.ts';
import { BODY_LIMIT_BYTES, FHIR_JSON, readMessage, receive } from './receive.ts';
import {
  type CorrespondenceStore,
  correspondenceStore,
  decodeCursor,
  type PageRequest,
  type StoredMessage,
} from './store.ts';

const settingsSchema = z.object({
  GATEWAY_TOKEN: z.string().check(z.minLength(32, 'must hold at least 32 characters')),
  OUTBOX_TOKEN: z.string().check(z.minLength(32, 'must hold at least 32 characters')),
  CORRESPONDENCE_MAX_ATTEMPTS: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(50)), 8),
  CORRESPONDENCE_RETRY_BASE_MS: z._default(z.coerce.number().check(z.int(), z.gte(0)), 30_000),
  CORRESPONDENCE_DELIVER_AFTER_SEND: z._default(z.enum(['true', 'false']), 'true'),
  /** How long a worker owns a claimed task; a worker that died leaves it to the next run after this. */
  CORRESPONDENCE_LEASE_MS: z._default(
    z.coerce.number().check(z.int(), z.gte(1000), z.lte(3_600_000)),
    300_000,
  ),
  /** How long content is kept once a message is filed or its delivery ended (POL-006.15). */
  CORRESPONDENCE_RETENTION_DAYS: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(3650)), 30),
  /** How long a message's status record is kept once its content is gone (POL-009.1: as the audit log). */
  CORRESPONDENCE_RECORD_RETENTION_DAYS: z._default(
    z.coerce.number().check(z.int(), z.gte(30), z.lte(3650)),
    1826,
  ),
  /** Where events go: set by Knative's SinkBinding (the platform Broker), or by the local platform. */
  K_SINK: z.optional(z.url()),
  K_CE_OVERRIDES: z.optional(z.string()),
});

/** The CloudEvent types the function emits (the manifest's `emits`, the platform's Triggers filter on them). */
export const EVENT_TYPE = (name: string) => `dk.hoi.correspondence.${name}`;

/** Its own settings, for a check of a deployment's environment without starting it. */
export const checkSettings = (env: Readonly<Record<string, string | undefined>>) =>
  parseEnv(settingsSchema, env);

/**
 * MedCom correspondence about a child (POL-006): professionals send and read
 * through the child-access pipeline (`can_send_correspondence`,
 * `can_read_correspondence`, audited before anything happens); the gateway
 * hands messages over and gets Acknowledgements; the outbox delivers and files.
 */
export async function createApp(kit: Kit): Promise<Hono> {
  const settings = parseEnv(settingsSchema, kit.env);
  const store = correspondenceStore(kit.database, kit.clock);
  const events = createEventSink({
    sink: settings.K_SINK,
    overrides: settings.K_CE_OVERRIDES,
    source: `/hoi-platform/${kit.manifest.name}`,
    clock: kit.clock,
  });
  // Ids and states only: an event never carries the child, a CPR number or the message's content.
  const emit = (name: string, id: string, data: Record<string, unknown>) =>
    events.emit({ type: EVENT_TYPE(name), subject: id, data: { id, ...data } });
  const outbox: OutboxDeps = {
    store,
    gateway: kit.upstreams.messageGateway,
    filing: kit.upstreams.caseFiling,
    caseIndex: kit.upstreams.caseIndex,
    audit: kit.audit,
    functionName: kit.manifest.name,
    emit: (e) => emit(e.type, e.id, { messageId: e.messageId, status: e.status }),
    clock: kit.clock,
    backoff: { baseMs: settings.CORRESPONDENCE_RETRY_BASE_MS, maxMs: 60 * 60_000 },
    leaseMs: settings.CORRESPONDENCE_LEASE_MS,
  };
  // After a send the worker runs at once, in the background; the schedule picks up whatever that misses.
  const kick = () => {
    if (settings.CORRESPONDENCE_DELIVER_AFTER_SEND === 'true') runOutbox(outbox).catch(() => {});
  };
  const app = functionApp(
    kit,
    [SEND_MESSAGE, SEARCH_THREADS, LIST_INBOX, MESSAGE_STATUS, RECEIVE_MESSAGE, RUN_OUTBOX],
    { bodyLimitBytes: BODY_LIMIT_BYTES },
  );
  app.use('/gateway/v1/*', sharedSecret(settings.GATEWAY_TOKEN));
  app.use('/jobs/v1/*', sharedSecret(settings.OUTBOX_TOKEN));

  app.post(
    SEND_MESSAGE.path,
    childAccess(kit, {
      action: 'correspondence.send',
      body: sendRequest,
      facts: ['cases', 'gpListing', 'courses', 'blocks'],
      gate: 'can_send_correspondence',
      // Receiver, sender and the earlier message are resolved and the Bundle built and validated while the record is written.
      prepare: ({ body, principal }) => composeMessage(kit, store, body, principal),
      commit: async ({ prepared, principal, pulled }) => {
        const { content, bundle } = prepared;
        const stored = await store.accept(
          {
            direction: 'outbound',
            envelopeId: content.bundleId,
            messageId: content.messageId,
            threadId: content.threadId,
            activity: content.provenance.at(-1)!.activity,
            child: pulled.facts.child,
            unitId: principal.organisation.id,
            sender: content.sender,
            receiver: content.receiver,
            authorSubject: principal.subject,
            category: content.category,
            ...(content.topic !== undefined ? { topic: content.topic } : {}),
            bundle,
          },
          { kind: 'deliver', maxAttempts: settings.CORRESPONDENCE_MAX_ATTEMPTS },
        );
        kick();
        return stored.message;
      },
      answer: ({ committed, overrideUsed }): SendResponse => ({
        id: committed.id,
        messageId: committed.messageId,
        threadId: committed.threadId,
        status: committed.status,
        overrideUsed,
      }),
      status: 202,
      allowReason: 'correspondent',
      denials: {
        blocked_by_citizen: 'The citizen has blocked access; an override with a reason is possible',
        no_relation_to_child: 'You may not write about this child',
      },
    }),
  );

  app.post(
    SEARCH_THREADS.path,
    childAccess(kit, {
      action: 'correspondence.read',
      body: threadRequest,
      facts: ['cases', 'gpListing', 'courses', 'blocks'],
      gate: 'can_read_correspondence',
      prepare: async ({ body, principal, pulled }) => {
        const page = await store.ofChild(pulled.facts.child, partyOf(principal), pageOf(body));
        const items = body.threadId ? page.items.filter((m) => m.threadId === body.threadId) : page.items;
        return { page, messages: await Promise.all(items.map((m) => threadView(store, m))) };
      },
      answer: ({ prepared, overrideUsed }): ThreadResponse => ({
        messages: prepared.messages,
        ...(prepared.page.next ? { next: prepared.page.next } : {}),
        overrideUsed,
      }),
      allowReason: 'correspondence_reader',
      denials: {
        blocked_by_citizen: 'The citizen has blocked access; an override with a reason is possible',
        no_relation_to_child: 'You may not read correspondence about this child',
      },
    }),
  );

  app.post(LIST_INBOX.path, async (c) => {
    const body = await readJson(c, inboxRequest);
    const principal: Principal = c.get('principal');
    // The token's unit only narrows what is looked at; each message is shown only when
    // `can_read_correspondence` on its child allows, decided and recorded child by child.
    const page = await store.inbox(principal.organisation.id, pageOf(body));
    const readable = await readableMessages(kit, store, c, page.items, body.purpose);
    return c.json({
      messages: page.items.filter((m) => readable.has(m.id)).map(summary),
      ...(page.next ? { next: page.next } : {}),
    });
  });

  app.post(
    MESSAGE_STATUS.path,
    childAccess(kit, {
      action: 'correspondence.status',
      body: statusRequest,
      facts: ['cases', 'gpListing', 'courses', 'blocks'],
      gate: 'can_read_correspondence',
      prepare: async ({ body, principal, pulled }) => {
        const [message, stored] = await Promise.all([store.byId(body.id), store.bundleOf(body.id)]);
        // Another child's or another party's message is answered as unknown: its existence is not the caller's to learn.
        if (!message || stored?.child !== pulled.facts.child || !isParty(principal, message))
          throw new AppError(404, 'message_not_found', 'There is no such message about this child for you');
        return message;
      },
      answer: ({ prepared, overrideUsed }) => ({
        ...summary(prepared),
        attempts: prepared.attempts,
        nextAttemptAt: prepared.nextAttemptAt,
        overrideUsed,
      }),
      allowReason: 'correspondence_reader',
      denials: {
        blocked_by_citizen: 'The citizen has blocked access; an override with a reason is possible',
        no_relation_to_child: 'You may not read correspondence about this child',
      },
    }),
  );

  app.post(RECEIVE_MESSAGE.path, async (c) => {
    const input = await readMessage(c);
    const answer = await receive(
      {
        store,
        locations: kit.upstreams.locations,
        audit: kit.audit,
        functionName: kit.manifest.name,
        pseudonymKey: kit.pseudonymKey,
        clock: kit.clock,
        maxAttempts: settings.CORRESPONDENCE_MAX_ATTEMPTS,
        retryMs: settings.CORRESPONDENCE_RETRY_BASE_MS,
      },
      input,
      c.get('requestId'),
      (e) =>
        e.type === 'received'
          ? e.duplicate || emit('received', e.id, { status: 'received' })
          : emit(e.type, e.id, { status: e.type }),
    );
    if (answer.status === 202) return c.body(null, 202);
    if (answer.status === 200) kick();
    // MedCom lets a message travel as FHIR JSON or XML, each declaring its own: the Acknowledgement is JSON.
    return c.body(JSON.stringify(answer.acknowledgement), answer.status, { 'content-type': FHIR_JSON });
  });

  app.post(RUN_OUTBOX.path, async (c) => {
    const report = await runOutbox(outbox);
    return c.json({ ...report, tasks: await store.taskCounts() });
  });

  app.post(PURGE_CONTENT.path, async (c) => {
    const day = 86_400_000;
    const cutoff = new Date(kit.clock().getTime() - settings.CORRESPONDENCE_RETENTION_DAYS * day);
    const records = new Date(kit.clock().getTime() - settings.CORRESPONDENCE_RECORD_RETENTION_DAYS * day);
    const purged = await store.purgeContent(cutoff);
    const removed = await store.purgeRecords(records);
    return c.json({ purged, removed, cutoff: cutoff.toISOString(), recordsCutoff: records.toISOString() });
  });
  return app;
}

interface Composed {
  readonly content: CareCommunicationContent;
  readonly bundle: unknown;
}

/** The CareCommunication a send request makes: validated as any received one (POL-006.8). */
async function composeMessage(
  kit: Kit,
  store: CorrespondenceStore,
  body: SendRequest,
  principal: Principal,
): Promise<Composed> {
  if (body.category === 'other' && !body.topic)
    throw new AppError(422, 'topic_required', 'A message of category `other` needs a topic');
  if (body.priority && body.category !== 'regarding-referral')
    throw new AppError(422, 'priority_not_allowed', 'Only a message regarding a referral has a priority');
  if (body.replyTo && body.forwardOf)
    throw new AppError(422, 'reply_and_forward', 'A message is a reply or a forward, not both');
  const [receiver, sender, earlier] = await Promise.all([
    kit.upstreams.locations.find(body.receiver),
    principal.domain === 'municipal'
      ? kit.upstreams.locations.ofUnit(principal.organisation.id)
      : kit.upstreams.locations.find({ sor: principal.organisation.id }),
    earlierMessage(store, body.replyTo ?? body.forwardOf, principal),
  ]);
  if (!receiver) throw new AppError(422, 'unknown_receiver', 'SOR knows no such location');
  if (!receiver.receivesCareCommunication)
    throw new AppError(422, 'receiver_not_receiving', 'The location does not take correspondence messages');
  if (!sender)
    throw new AppError(422, 'sender_has_no_location', 'Your unit has no messaging location in SOR');
  const at = kit.clock().toISOString();
  const messageId = crypto.randomUUID();
  const uuid = () => `urn:uuid:${crypto.randomUUID()}`;
  const author = authorOf(principal);
  const added: Payload[] = [
    {
      kind: 'text',
      id: uuid(),
      date: at,
      text: body.text,
      author,
      authorContact: { system: 'phone', value: body.contactPhone },
      assignerSor: sender.sor,
    },
    ...(body.attachments ?? []).map(
      (a): Payload => ({
        kind: 'attachment',
        id: uuid(),
        date: at,
        title: a.title,
        contentType: a.contentType,
        data: a.data,
        author,
        assignerSor: sender.sor,
      }),
    ),
  ];
  const activity = body.replyTo ? 'reply-message' : body.forwardOf ? 'forward-message' : 'new-message';
  const content: CareCommunicationContent = {
    bundleId: crypto.randomUUID(),
    messageId,
    timestamp: at,
    sender: organisationOf(sender),
    receiver: organisationOf(receiver),
    patient: { identifiers: [{ system: SYSTEM.cpr, value: body.cpr.replace('-', '') }] },
    threadId: earlier?.threadId ?? uuid(),
    category: body.category,
    ...(body.topic !== undefined ? { topic: body.topic } : {}),
    ...(body.priority ? { priority: body.priority } : {}),
    payloads: [...(earlier?.payloads ?? []), ...added],
    provenance: [
      ...(earlier?.provenance ?? []),
      {
        activity,
        messageId,
        occurred: at,
        agent: organisationOf(sender),
        payloadIds: added.map((p) => p.id),
        ...(earlier ? { revision: `MessageHeader/${earlier.messageId}` } : {}),
      },
    ],
  };
  const bundle = JSON.parse(JSON.stringify(buildCareCommunication(content)));
  const check = readCareCommunication(bundle);
  if (!check.ok)
    throw new AppError(422, 'invalid_message', 'The message does not meet MedCom’s rules', {
      details: { rules: check.issues.map((i) => i.rule) },
    });
  return { content: check.content, bundle };
}

/** The stored message a reply or forward continues, from the caller's own unit. */
async function earlierMessage(
  store: CorrespondenceStore,
  id: string | undefined,
  principal: Principal,
): Promise<CareCommunicationContent | undefined> {
  if (!id) return undefined;
  const message = await store.byId(id);
  const stored = message && message.unitId === principal.organisation.id ? await store.bundleOf(id) : null;
  const read = stored ? readCareCommunication(stored.bundle) : undefined;
  if (!read?.ok)
    throw new AppError(422, 'earlier_message_not_found', 'Your unit has no such message to continue');
  return read.content;
}

function organisationOf(location: MessagingLocation) {
  return { name: location.name, sor: location.sor, ean: location.ean };
}

function authorOf(principal: Principal) {
  const parts = principal.name.trim().split(/\s+/);
  const family = parts.length > 1 ? parts.pop()! : parts[0]!;
  return { name: { family, ...(parts.length > 0 && parts[0] !== family ? { given: parts } : {}) } };
}

function partyOf(principal: Principal): { municipality?: string; sor?: string } {
  return principal.domain === 'municipal'
    ? { municipality: principal.organisation.id.split('-')[0]! }
    : { sor: principal.organisation.id };
}

function pageOf(body: { readonly cursor?: string | undefined; readonly limit: number }): PageRequest {
  try {
    decodeCursor(body.cursor);
  } catch {
    throw badRequest('invalid_cursor', 'The cursor is not one this service gave');
  }
  return { limit: body.limit, cursor: body.cursor };
}

/** Whether the caller's organisation is a party to the message: its municipality's unit, or its SOR location. */
function isParty(principal: Principal, message: StoredMessage): boolean {
  const party = partyOf(principal);
  return party.municipality !== undefined
    ? message.unitId.startsWith(`${party.municipality}-`)
    : message.sender.sor === party.sor || message.receiver.sor === party.sor;
}

/**
 * The ids of the messages whose child the caller may read about
 * (`can_read_correspondence`, the child's facts pulled as for a thread), each
 * child decided and recorded once (POL-006.17). A message whose content has
 * been purged names no CPR number to pull facts by, so it is not shown.
 */
async function readableMessages(
  kit: Kit,
  store: CorrespondenceStore,
  c: Context,
  messages: readonly StoredMessage[],
  purpose: string,
): Promise<Set<string>> {
  const children = new Map<string, Cpr>();
  const childOf = new Map<string, string>();
  for (const m of messages) {
    const stored = await store.bundleOf(m.id);
    const read = stored ? readCareCommunication(stored.bundle) : undefined;
    const value = read?.ok
      ? read.content.patient.identifiers.find((i) => i.system === SYSTEM.cpr)?.value
      : undefined;
    const cpr = value ? parseCpr(value) : undefined;
    if (!cpr?.ok) continue;
    const child = pseudonym(cpr.cpr, kit.pseudonymKey);
    children.set(child, cpr.cpr);
    childOf.set(m.id, child);
  }
  const allowed = await decideEach(kit, c, children, {
    action: 'correspondence.inbox',
    gate: 'can_read_correspondence',
    facts: ['cases', 'gpListing', 'courses', 'blocks'],
    purpose,
    allowReason: 'correspondence_reader',
  });
  return new Set([...childOf].filter(([, child]) => allowed.has(child)).map(([id]) => id));
}
