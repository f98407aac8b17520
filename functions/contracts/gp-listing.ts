import * as z from 'zod/mini';
import type { Cpr } from '../runtime/cpr/cpr.ts';
import { type AdapterOptions, adapterClient, findByCpr } from './adapter-options.ts';
import { sorCode } from './wire.ts';

export const gpListingWire = z.object({ clinicSor: sorCode });
export type GpListing = z.infer<typeof gpListingWire>;

/** Sygesikringen: which general practice a person is listed with. */
export interface GpListingRegister {
  /** `null` when the person is not listed with a GP. */
  listingOf(cpr: Cpr): Promise<GpListing | null>;
}

export function createGpListingRegister(options: AdapterOptions): GpListingRegister {
  // 404: not listed with a GP.
  const find = findByCpr(adapterClient('GP listing', options), '/gp-listing/lookup', gpListingWire);
  return {
    async listingOf(cpr) {
      const wire = await find(cpr);
      return wire === null ? null : { clinicSor: wire.clinicSor };
    },
  };
}
