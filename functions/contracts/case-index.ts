import * as z from 'zod/mini';
import type { Cpr } from '../runtime/cpr/cpr.ts';
import { type AdapterOptions, adapterClient, lookupByCpr } from './adapter-options.ts';
import {
  cprNumber,
  instant,
  kleSubject,
  municipalityCode,
  type SensitivityLevel,
  sensitivityLevel,
  unitId,
} from './wire.ts';

/** FK Sags- og Dokumentindeks progress states; only `Afsluttet` is closed. */
export const PROGRESS_STATES = ['Opstaaet', 'Oplyst', 'Afgjort', 'Afsluttet'] as const;
export type ProgressState = (typeof PROGRESS_STATES)[number];

/** One case as FK Sags- og Dokumentindeks answers it (CONTRACTS.md § case index). */
export const caseWire = z
  .object({
    id: z.uuid(),
    municipality: municipalityCode,
    kle: kleSubject,
    handlingFacet: z.string().check(z.regex(/^[A-Z]\d{2}$/, 'must be a handling facet')),
    progressState: z.enum(PROGRESS_STATES),
    stateSince: instant,
    sensitivity: sensitivityLevel,
    responsibleUnitId: unitId,
    /**
     * Sekundærparter: the other persons the case concerns besides the child (a
     * parent a notification is about), by CPR number. Only case-parties.ts reads
     * them, as keyed pseudonyms; this adapter never passes them on.
     */
    secondaryParties: z.array(cprNumber),
    // Read only to prove the contract; the adapter never passes it on.
    title: z.string(),
  })
  .check(
    z.refine(
      (c) => c.responsibleUnitId.startsWith(`${c.municipality}-`),
      'the responsible unit must belong to the owner municipality',
    ),
  );
export type CaseWire = z.infer<typeof caseWire>;

export const caseSearchBody = z.object({ partyCpr: cprNumber });
export const caseSearchAnswer = z.object({ cases: z.array(caseWire) });
export type CaseSearchAnswer = z.infer<typeof caseSearchAnswer>;

/**
 * What a function may know of a municipal case: enough to decide (POL-004) and to
 * name whom to contact. No title, no content, no case number (POL-001).
 */
export interface MunicipalCase {
  readonly id: string;
  /** Owner authority, e.g. `851`. */
  readonly municipality: string;
  /** KLE subject, e.g. `34.10.10`. */
  readonly kle: string;
  readonly handlingFacet: string;
  readonly progressState: ProgressState;
  readonly stateSince: string;
  /** Not `Afsluttet`. */
  readonly active: boolean;
  readonly sensitivity: SensitivityLevel;
  /** Scoped FK Organisation unit id (the Ansvarlig unit), e.g. `851-myndighed-oest`. */
  readonly responsibleUnitId: string;
}

export interface CaseIndex {
  /** The cases whose primary party is this person, in every municipality of the index. */
  casesOfParty(party: Cpr): Promise<readonly MunicipalCase[]>;
}

export function createCaseIndex(options: AdapterOptions): CaseIndex {
  const client = adapterClient('FK Sags- og Dokumentindeks', options);
  const search = lookupByCpr(client, '/cases/search', caseSearchAnswer, { field: 'partyCpr' });
  return { casesOfParty: async (party) => (await search(party)).cases.map(toMunicipalCase) };
}

/** Field by field, so that a title or any new upstream field can never slip through. */
function toMunicipalCase(wire: CaseWire): MunicipalCase {
  return {
    id: wire.id,
    municipality: wire.municipality,
    kle: wire.kle,
    handlingFacet: wire.handlingFacet,
    progressState: wire.progressState,
    stateSince: wire.stateSince,
    active: wire.progressState !== 'Afsluttet',
    sensitivity: wire.sensitivity,
    responsibleUnitId: wire.responsibleUnitId,
  };
}
