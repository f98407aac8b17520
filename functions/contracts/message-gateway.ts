import * as z from 'zod/mini';
import { AppError } from '../runtime/http/app-error.ts';
import { type AdapterOptions, adapterClient } from './adapter-options.ts';
import type { AcknowledgementContent } from './medcom/content.ts';
import { readAcknowledgement } from './medcom/index.ts';

/**
 * The gateway's answer to a handed-over message (CONTRACTS.md § message
 * gateway): taken for delivery, with the receiver's Acknowledgement Bundle when
 * the peer answered at once (VANS may also bring it later as a message of its own).
 */
export const gatewayAnswer = z.object({
  accepted: z.literal(true),
  acknowledgement: z.optional(z.unknown()),
});
export type GatewayAnswer = z.infer<typeof gatewayAnswer>;

export type GatewayResult =
  | { readonly kind: 'accepted' }
  | { readonly kind: 'acknowledged'; readonly acknowledgement: AcknowledgementContent }
  /** The peer's answer was not a valid Acknowledgement: the send counts as not done. */
  | { readonly kind: 'invalid-acknowledgement' };

/** The MedCom message gateway (the MSH/VANS side): hands a message Bundle over for delivery. */
export interface MessageGateway {
  /**
   * Throws an AppError: `gateway_refused` when the gateway refused the message
   * (a 4xx: sending it again will not help), another code when it could not answer.
   */
  send(bundle: unknown): Promise<GatewayResult>;
}

export function createMessageGateway(options: AdapterOptions): MessageGateway {
  const client = adapterClient('message gateway', options);
  return {
    async send(bundle) {
      // Not retried here: the outbox retries, with the same ids, and the gateway deduplicates.
      let answer: GatewayAnswer;
      try {
        answer = (await client.postJson('/vans/v1/messages', bundle, gatewayAnswer))!;
      } catch (error) {
        // A 4xx is the one `upstream_error` the client raises without a cause (5xx and network faults carry theirs).
        if (error instanceof AppError && error.code === 'upstream_error' && error.cause === undefined)
          throw new AppError(502, 'gateway_refused', 'The message gateway refused the message', {
            cause: error,
          });
        throw error;
      }
      if (answer.acknowledgement === undefined) return { kind: 'accepted' };
      const ack = readAcknowledgement(answer.acknowledgement);
      return ack.ok
        ? { kind: 'acknowledged', acknowledgement: ack.content }
        : { kind: 'invalid-acknowledgement' };
    },
  };
}
