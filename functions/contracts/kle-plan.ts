import * as z from 'zod/mini';
import { type AdapterOptions, adapterClient } from './adapter-options.ts';
import { kleNumber } from './wire.ts';

/**
 * The municipality's KLE plan (KL Emnesystematik), which it loads from its own
 * KL subscription (`EmneNr`, `EmneTitel`). Reference data, not about a child:
 * a function reads it once at start.
 */
export const klePlanAnswer = z.object({
  numbers: z.array(z.object({ number: kleNumber, title: z.string().check(z.minLength(1)) })),
});

export interface KlePlan {
  /** Titles by KLE number (`34`, `34.10`, `34.10.10`). */
  titles(): Promise<ReadonlyMap<string, string>>;
}

export function createKlePlan(options: AdapterOptions): KlePlan {
  const client = adapterClient('KLE plan', options);
  return {
    async titles() {
      const answer = await client.getJson('/kle/plan', klePlanAnswer);
      return new Map((answer?.numbers ?? []).map((n) => [n.number, n.title]));
    },
  };
}
