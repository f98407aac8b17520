import { type Cpr, parseCpr, pseudonym } from '../runtime/cpr/cpr.ts';
import { type AdapterOptions, adapterClient, lookupByCpr } from './adapter-options.ts';
import { caseSearchAnswer } from './case-index.ts';

/** Who, besides the child, one of its cases concerns: what the guardian's MinLog view needs (POL-007.14). */
export interface CaseParties {
  /** The case's FK Sags- og Dokumentindeks id, as the audit record names it. */
  readonly caseId: string;
  /** The secondary parties as keyed pseudonyms (`p-<32 hex>`, the id after `citizen:`). */
  readonly secondaryParties: readonly string[];
}

export interface CasePartiesIndex {
  /** Every case whose primary party is this child, open or closed, with its other parties. */
  partiesOf(child: Cpr): Promise<readonly CaseParties[]>;
}

export interface CasePartiesOptions extends AdapterOptions {
  /** The platform's pseudonym key (≥ 32 bytes), the one that names citizens. */
  readonly pseudonymKey: Uint8Array;
}

/**
 * The case index's search by primary party (CONTRACTS.md § case index), read
 * for the parties alone: case ids and the secondary parties' pseudonyms,
 * nothing else of the case, and no CPR number leaves the adapter.
 */
export function createCaseParties(options: CasePartiesOptions): CasePartiesIndex {
  if (options.pseudonymKey.byteLength < 32) throw new RangeError('pseudonymKey must have at least 32 bytes');
  const key = options.pseudonymKey;
  const search = lookupByCpr(
    adapterClient('FK Sags- og Dokumentindeks', options),
    '/cases/search',
    caseSearchAnswer,
    { field: 'partyCpr' },
  );
  return {
    async partiesOf(child) {
      return (await search(child)).cases.map((c) => ({
        caseId: c.id,
        secondaryParties: c.secondaryParties.map((party) => pseudonym(asCpr(party), key)),
      }));
    },
  };
}

function asCpr(digits: string): Cpr {
  const parsed = parseCpr(digits);
  if (!parsed.ok) throw new Error('unreachable: the contract schema validated this number');
  return parsed.cpr;
}
