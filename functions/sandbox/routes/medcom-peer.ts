import { Hono } from 'hono';
import * as z from 'zod/mini';
import { filingBody } from '../../contracts/case-filing.ts';
import {
  type AcknowledgementIssue,
  acknowledge,
  buildAcknowledgement,
  issuesOf,
  readCareCommunication,
} from '../../contracts/medcom/index.ts';
import type { GatewayAnswer } from '../../contracts/message-gateway.ts';
import { AppError } from '../../runtime/http/app-error.ts';
import type { SandboxData } from '../data/schema.ts';
import { readBody } from './read-body.ts';
import { messagingLocations } from './sor-locations.ts';

/** How the peer answers the next messages, as a test or a developer tells it. */
export const peerBehaviour = z.object({
  mode: z.enum(['ok', 'accept-only', 'duplicate', 'transient', 'fatal', 'refuse', 'unavailable']),
  /** Only the next `times` messages. @default every message */
  times: z.optional(z.int().check(z.positive())),
  delayMs: z.optional(z.int().check(z.nonnegative(), z.lte(30_000))),
});
export type PeerBehaviour = z.infer<typeof peerBehaviour>;

/**
 * The MedCom peers: the VANS/MSH gateway with the receivers behind it, and the
 * municipality's case system that files (journalisering). The gateway
 * validates, deduplicates on the message id as VANS does (a duplicate is
 * acknowledged again, delivered once) and answers the receiver's
 * Acknowledgement; `POST /vans/v1/behaviour` makes it delay, refuse, answer
 * transient or fatal errors, or only accept. An acknowledgement it does not
 * answer at once (`accept-only`: once; `duplicate`: twice, as a network that
 * doubles messages would) waits at `GET /vans/v1/acknowledgements` for the test
 * or developer to hand it to the sender's gateway route, as VANS would bring it.
 */
export function medcomPeerRoutes(data: SandboxData, now: () => Date): Hono {
  const receivers = new Map(messagingLocations(data).map((l) => [l.ean, l]));
  const delivered = new Map<string, { envelopes: Set<string>; handedOver: number }>();
  const filings = new Map<string, { filingId: string; caseId: string }>();
  const later: unknown[] = [];
  // Every hand-over the gateway received, answered yet or not: a test can tell a sender is mid-send.
  let received = 0;
  let behaviour: PeerBehaviour = { mode: 'ok' };
  let left = Number.POSITIVE_INFINITY;
  const routes = new Hono();

  routes.post('/vans/v1/behaviour', async (c) => {
    behaviour = await readBody(c, peerBehaviour);
    left = behaviour.times ?? Number.POSITIVE_INFINITY;
    return c.body(null, 204);
  });
  routes.get('/vans/v1/deliveries', (c) =>
    c.json({
      received,
      deliveries: [...delivered].map(([messageId, d]) => ({
        messageId,
        envelopes: d.envelopes.size,
        handedOver: d.handedOver,
      })),
    }),
  );
  // Each call hands over what waited and forgets it.
  routes.get('/vans/v1/acknowledgements', (c) => c.json({ acknowledgements: later.splice(0) }));
  routes.post('/vans/v1/messages', async (c) => {
    received += 1;
    const mode = left > 0 ? behaviour.mode : 'ok';
    if (left > 0) left -= 1;
    if (behaviour.delayMs && mode !== 'ok') await new Promise((r) => setTimeout(r, behaviour.delayMs));
    if (mode === 'unavailable')
      throw new AppError(503, 'gateway_unavailable', 'The gateway is not available');
    if (mode === 'refuse') throw new AppError(422, 'gateway_refused', 'The gateway refused the message');
    let json: unknown;
    try {
      json = await c.req.json();
    } catch {
      throw new AppError(400, 'invalid_json', 'The body must be JSON');
    }
    const message = readCareCommunication(json);
    if (!message.ok) throw new AppError(422, 'invalid_bundle', 'Not a valid CareCommunication');
    const content = message.content;
    const answer = (code: 'ok' | 'transient-error' | 'fatal-error', issues: AcknowledgementIssue[] = []) => {
      const ack = buildAcknowledgement(acknowledge(content, { code, issues }, now()));
      const body: GatewayAnswer = { accepted: true, acknowledgement: ack };
      return c.json(body);
    };
    if (mode === 'transient')
      return answer('transient-error', [
        { severity: 'error', type: 'transient', detail: 'MSG_Mailbox_Out_Of_Operation' },
      ]);
    const receiver = receivers.get(content.receiver.ean);
    if (mode === 'fatal' || !receiver)
      return answer('fatal-error', [
        { severity: 'error', type: 'value', detail: 'MSG_Receiver_Identifier_UNKNOWN' },
      ]);
    if (!receiver.receivesCareCommunication)
      return answer('fatal-error', [
        { severity: 'error', type: 'value', detail: 'MSG_RECEIVER_UNABLE_TO_RECEIVE_MSG_TYPE' },
      ]);
    const seen = delivered.get(content.messageId) ?? { envelopes: new Set<string>(), handedOver: 0 };
    seen.envelopes.add(content.bundleId);
    seen.handedOver += 1;
    delivered.set(content.messageId, seen);
    if (mode === 'accept-only' || mode === 'duplicate') {
      const ack = buildAcknowledgement(acknowledge(content, { code: 'ok' }, now()));
      later.push(...(mode === 'duplicate' ? [ack, ack] : [ack]));
      return c.json({ accepted: true } satisfies GatewayAnswer);
    }
    return answer('ok', issuesOf([]));
  });

  routes.post('/case-filing/v1/filings', async (c) => {
    const body = await readBody(c, filingBody);
    const known = filings.get(body.document.messageId);
    if (known) return c.json({ filingId: known.filingId, duplicate: true });
    const child = data.children.find((ch) => ch.cpr === body.partyCpr);
    if (!child?.cases.some((k) => k.id === body.caseId && k.progressState !== 'Afsluttet'))
      throw new AppError(422, 'case_not_active', 'The case is not an active case of this party');
    const filing = { filingId: crypto.randomUUID(), caseId: body.caseId };
    filings.set(body.document.messageId, filing);
    return c.json({ filingId: filing.filingId, duplicate: false });
  });
  routes.get('/case-filing/v1/filings', (c) =>
    c.json({ filings: [...filings].map(([messageId, f]) => ({ messageId, ...f })) }),
  );
  return routes;
}
