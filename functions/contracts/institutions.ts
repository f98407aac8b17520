import * as z from 'zod/mini';
import type { Cpr } from '../runtime/cpr/cpr.ts';
import { type AdapterOptions, adapterClient, findByCpr } from './adapter-options.ts';
import { municipalityCode } from './wire.ts';

export const INSTITUTION_TYPES = ['school', 'daycare'] as const;

export const institutionWire = z.object({
  type: z.enum(INSTITUTION_TYPES),
  /** STIL institution number (Skolegrunddata / Dagtilbudsregisteret). */
  institutionNumber: z.string().check(z.regex(/^\d{6}$/, 'must be an institution number')),
  name: z.string().check(z.minLength(1)),
  phone: z.string().check(z.minLength(1)),
  municipality: municipalityCode,
});
export type Institution = z.infer<typeof institutionWire>;

/** STIL: the school or daycare a child is enrolled in. */
export interface Institutions {
  /** `null` when the child is enrolled nowhere. */
  institutionOf(cpr: Cpr): Promise<Institution | null>;
}

export function createInstitutions(options: AdapterOptions): Institutions {
  // 404: at no institution.
  const find = findByCpr(adapterClient('STIL', options), '/institutions/lookup', institutionWire);
  return {
    async institutionOf(cpr) {
      const wire = await find(cpr);
      return wire === null
        ? null
        : {
            type: wire.type,
            institutionNumber: wire.institutionNumber,
            name: wire.name,
            phone: wire.phone,
            municipality: wire.municipality,
          };
    },
  };
}
