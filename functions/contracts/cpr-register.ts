import * as z from 'zod/mini';
import { type Cpr, parseCpr, pseudonym } from '../runtime/cpr/cpr.ts';
import { type AdapterOptions, adapterClient, findByCpr } from './adapter-options.ts';
import { cprNumber, municipalityCode } from './wire.ts';

export const personWire = z.object({
  name: z.string().check(z.minLength(1)),
  /** Fødselsdato, `YYYY-MM-DD`: the register's, which a function checks against the CPR number. */
  birthDate: z.iso.date(),
  residenceMunicipality: municipalityCode,
  /** CPR numbers of the people holding custody (forældremyndighed). */
  custodyHolders: z.array(cprNumber),
  /** Navne- og adressebeskyttelse. */
  addressProtected: z.boolean(),
});
export type PersonWire = z.infer<typeof personWire>;

/** A person as a function may hold them: custody holders only as keyed pseudonyms. */
export interface Person {
  readonly name: string;
  /** `YYYY-MM-DD`, as the register holds it. */
  readonly birthDate: string;
  readonly residenceMunicipality: string;
  /** `p-<32 hex>`, the id after `citizen:` in OpenFGA. */
  readonly custodyHolders: readonly string[];
  readonly addressProtected: boolean;
}

export interface CprRegister {
  /** `null` when CPR knows no such person. */
  lookup(cpr: Cpr): Promise<Person | null>;
}

export interface CprRegisterOptions extends AdapterOptions {
  /** The platform's pseudonym key (≥ 32 bytes), the same that makes `child:p-…` ids. */
  readonly pseudonymKey: Uint8Array;
}

export function createCprRegister(options: CprRegisterOptions): CprRegister {
  if (options.pseudonymKey.byteLength < 32) throw new RangeError('pseudonymKey must have at least 32 bytes');
  const key = options.pseudonymKey;
  // 404: no such person.
  const find = findByCpr(adapterClient('CPR', options), '/persons/lookup', personWire);
  return {
    async lookup(cpr) {
      const wire = await find(cpr);
      if (wire === null) return null;
      return {
        name: wire.name,
        birthDate: wire.birthDate,
        residenceMunicipality: wire.residenceMunicipality,
        // The schema has already proved each number parses.
        custodyHolders: wire.custodyHolders.map((holder) => pseudonym(asCpr(holder), key)),
        addressProtected: wire.addressProtected,
      };
    },
  };
}

function asCpr(digits: string): Cpr {
  const parsed = parseCpr(digits);
  if (!parsed.ok) throw new Error('unreachable: the contract schema validated this number');
  return parsed.cpr;
}
