import * as z from 'zod/mini';
import type { Cpr } from '../runtime/cpr/cpr.ts';
import { type AdapterOptions, adapterClient } from './adapter-options.ts';
import { cprNumber } from './wire.ts';

/**
 * Filing (journalisering) a received message on the child's case in the
 * municipality's case system (CONTRACTS.md § case filing). Idempotent by
 * message id: filing the same message again answers the first filing.
 */
export const filingBody = z.object({
  caseId: z.uuid(),
  partyCpr: cprNumber,
  document: z.object({
    messageId: z.string().check(z.minLength(1), z.maxLength(64)),
    threadId: z.string().check(z.minLength(1)),
    title: z.string().check(z.minLength(1), z.maxLength(200)),
    receivedAt: z.iso.datetime({ offset: true }),
    sender: z.string().check(z.minLength(1)),
    /** The MedCom Bundle as received. */
    bundle: z.record(z.string(), z.unknown()),
  }),
});
export type FilingBody = z.infer<typeof filingBody>;
export const filingAnswer = z.object({ filingId: z.string().check(z.minLength(1)), duplicate: z.boolean() });
export type FilingAnswer = z.infer<typeof filingAnswer>;

export interface CaseFiling {
  /** The CPR number travels in the body, never in the URL. */
  file(cpr: Cpr, filing: Omit<FilingBody, 'partyCpr'>): Promise<FilingAnswer>;
}

export function createCaseFiling(options: AdapterOptions): CaseFiling {
  const client = adapterClient('case filing', options);
  return {
    // Idempotent by message id, so retried like a lookup.
    file: async (cpr, filing) =>
      (await client.postJson('/case-filing/v1/filings', { ...filing, partyCpr: cpr.digits }, filingAnswer, {
        idempotent: true,
      }))!,
  };
}
