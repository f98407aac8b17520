import * as z from 'zod/mini';
import { AppError } from '../runtime/http/app-error.ts';
import { type AdapterOptions, adapterClient } from './adapter-options.ts';
import { EAN_NUMBER, SOR_CODE } from './medcom/codes.ts';
import { sorCode, unitId } from './wire.ts';

/**
 * A MedCom messaging location as SOR registers it (CONTRACTS.md § messaging
 * locations): its SOR code and EAN location number, whether it takes
 * CareCommunication, and for a municipal location the FK Organisation unit
 * it is (whose contact points say it receives).
 */
export const locationWire = z.object({
  sor: sorCode,
  ean: z.string().check(z.regex(EAN_NUMBER, 'must be an EAN location number')),
  name: z.string().check(z.minLength(1)),
  kind: z.enum(['gp_clinic', 'psychiatry_unit', 'municipal_unit']),
  receivesCareCommunication: z.boolean(),
  /** The FK Organisation unit (municipal locations only). */
  unitId: z.nullable(unitId),
});
export type MessagingLocation = z.infer<typeof locationWire>;

export type LocationQuery = { readonly sor: string } | { readonly ean: string };

export interface MessagingLocations {
  /** `null` when SOR knows no such location. */
  find(query: LocationQuery): Promise<MessagingLocation | null>;
  /** The location of a municipal unit, `null` when it has none. */
  ofUnit(unitId: string): Promise<MessagingLocation | null>;
}

export function createMessagingLocations(options: AdapterOptions): MessagingLocations {
  const client = adapterClient('SOR locations', options);
  return {
    find(query) {
      const [key, value] = 'sor' in query ? ['sor', query.sor] : ['ean', query.ean];
      const valid = key === 'sor' ? SOR_CODE.test(value) : EAN_NUMBER.test(value);
      if (!valid)
        throw new AppError(400, 'invalid_location', 'A SOR code or EAN location number is malformed');
      return client.getJson(`/sor/locations?${key}=${value}`, locationWire, { allowNotFound: true });
    },
    ofUnit(id) {
      if (!unitId.safeParse(id).success) throw new AppError(400, 'invalid_unit_id', 'Not a unit id');
      return client.getJson(`/sor/locations?unit=${encodeURIComponent(id)}`, locationWire, {
        allowNotFound: true,
      });
    },
  };
}
