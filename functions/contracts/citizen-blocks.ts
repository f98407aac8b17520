import * as z from 'zod/mini';
import type { Cpr } from '../runtime/cpr/cpr.ts';
import { type AdapterOptions, adapterClient, lookupByCpr } from './adapter-options.ts';
import { instant, municipalityCode, sorCode, subjectId, unitId } from './wire.ts';

/**
 * Min Spærring (NSP): what the citizen has blocked. A block of a professional,
 * of a treatment place (optionally with its sub-units) or of a period. Under a
 * block nothing is shown unless the professional overrides it (værdispring).
 */
export const blockWire = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('professional'),
    professional: subjectId,
    /** For a municipal employee: the municipality whose IdP names them; absent for a health professional. */
    municipality: z.optional(municipalityCode),
  }),
  z.object({
    kind: z.literal('place'),
    place: z.union([
      z.object({ type: z.literal('gp_clinic'), sor: sorCode }),
      z.object({ type: z.literal('psychiatry_unit'), sor: sorCode, includeSubunits: z.boolean() }),
      z.object({ type: z.literal('org_unit'), unitId, includeSubunits: z.boolean() }),
    ]),
  }),
  z.object({ kind: z.literal('period'), start: instant, end: instant }),
]);
export type CitizenBlock = z.infer<typeof blockWire>;
export const blocksAnswer = z.object({ blocks: z.array(blockWire) });

export interface CitizenBlocks {
  /**
   * Every block the citizen holds. A failed lookup throws (POL-002.5): asking
   * as if there were no block would fail open.
   */
  blocksOf(cpr: Cpr): Promise<readonly CitizenBlock[]>;
}

export function createCitizenBlocks(options: AdapterOptions): CitizenBlocks {
  const lookup = lookupByCpr(adapterClient('Min Spærring', options), '/citizen-blocks/lookup', blocksAnswer);
  return { blocksOf: async (cpr) => (await lookup(cpr)).blocks };
}
