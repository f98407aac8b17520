import * as z from 'zod/mini';
import type { Cpr } from '../runtime/cpr/cpr.ts';
import { type AdapterOptions, adapterClient, findByCpr } from './adapter-options.ts';
import { municipalityCode } from './wire.ts';

export const INSTITUTION_TYPES = ['school', 'daycare'] as const;

/** A Danish postal address as STIL holds an institution's (Adresse, Postnr, By). */
export const postalAddress = z.object({
  street: z.string().check(z.minLength(1)),
  postalCode: z.string().check(z.regex(/^\d{4}$/, 'must be a four-digit postal code')),
  city: z.string().check(z.minLength(1)),
});

/**
 * The institution's main contact: the head (skoleleder, dagtilbudsleder) as
 * STIL names them, reachable at work. Never a teacher or a class.
 */
export const mainContact = z.object({
  name: z.string().check(z.minLength(1)),
  /** As the institution titles the post, e.g. `Skoleleder`. */
  title: z.string().check(z.minLength(1)),
  phone: z.string().check(z.minLength(1)),
  email: z.nullable(z.email()),
});

export const institutionWire = z.object({
  type: z.enum(INSTITUTION_TYPES),
  /** STIL institution number (Skolegrunddata / Dagtilbudsregisteret). */
  institutionNumber: z.string().check(z.regex(/^\d{6}$/, 'must be an institution number')),
  name: z.string().check(z.minLength(1)),
  phone: z.string().check(z.minLength(1)),
  municipality: municipalityCode,
  address: postalAddress,
  mainContact,
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
      // Only the fields listed here leave the adapter: what STIL adds (class, enrolment dates) is dropped.
      return wire === null
        ? null
        : {
            type: wire.type,
            institutionNumber: wire.institutionNumber,
            name: wire.name,
            phone: wire.phone,
            municipality: wire.municipality,
            address: {
              street: wire.address.street,
              postalCode: wire.address.postalCode,
              city: wire.address.city,
            },
            mainContact: {
              name: wire.mainContact.name,
              title: wire.mainContact.title,
              phone: wire.mainContact.phone,
              email: wire.mainContact.email,
            },
          };
    },
  };
}
