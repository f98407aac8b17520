import * as z from 'zod/mini';
import type { Cpr } from '../cpr/cpr.ts';
import { type AdapterOptions, adapterClient } from './adapter-options.ts';
import { sorCode } from './wire.ts';

export const gpListingWire = z.object({ clinicSor: sorCode });
export type GpListing = z.infer<typeof gpListingWire>;

/** Sygesikringen: which general practice a person is listed with. */
export interface GpListingRegister {
  /** `null` when the person is not listed with a GP. */
  listingOf(cpr: Cpr): Promise<GpListing | null>;
}

export function createGpListingRegister(options: AdapterOptions): GpListingRegister {
  const client = adapterClient('GP listing', options);
  return {
    async listingOf(cpr) {
      const wire = await client.postJson(
        '/gp-listing/lookup',
        { cpr: cpr.digits },
        z.nullable(gpListingWire),
        // 404: not listed with a GP.
        { idempotent: true, allowNotFound: true },
      );
      return wire === null ? null : { clinicSor: wire.clinicSor };
    },
  };
}
