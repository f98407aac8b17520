import type { CaseWire } from '../../contracts/case-index.ts';
import type { SensitivityLevel } from '../../contracts/wire.ts';
import { daysFrom } from './calendar.ts';
import { KLE_CASE_PHRASES, KLE_CASE_WEIGHTS } from './kle.ts';
import type { MunicipalOrganisation } from './organisation.ts';
import type { Rng } from './random.ts';

export interface CaseContext {
  readonly rng: Rng;
  readonly today: Date;
  readonly organisation: MunicipalOrganisation;
  readonly municipalities: readonly string[];
}

export interface CaseSpec {
  readonly municipality: string;
  readonly active: boolean;
  readonly kle?: string;
  readonly sensitivity?: SensitivityLevel;
  readonly unitId?: string;
  readonly progressState?: CaseWire['progressState'];
  /** The CPR numbers of the other persons the case concerns (a parent a notification is about). @default [] */
  readonly secondaryParties?: readonly string[];
}

const SENSITIVITY_WEIGHTS: readonly (readonly [SensitivityLevel, number])[] = [
  ['IKKE_FORTROLIGE_DATA', 10],
  ['FORTROLIGE_PERSONOPLYSNINGER', 35],
  ['FOELSOMME_PERSONOPLYSNINGER', 45],
  ['VIP_SAGER', 10],
];

/**
 * One FK Sags- og Dokumentindeks case. Its responsible unit is one that performs
 * the subject; its title names the child, as real titles often do, so that tests
 * can prove the adapter drops it.
 */
export function makeCase(ctx: CaseContext, firstName: string, spec: CaseSpec): CaseWire {
  const { rng, today } = ctx;
  const kle = spec.kle ?? rng.weighted(KLE_CASE_WEIGHTS);
  const candidates = ctx.organisation.handlers.get(`${spec.municipality}|${kle}`) ?? [];
  const unitId = spec.unitId ?? rng.pick(candidates);
  const progressState =
    spec.progressState ??
    (spec.active
      ? rng.weighted([
          ['Opstaaet', 25],
          ['Oplyst', 35],
          ['Afgjort', 40],
        ] as const)
      : 'Afsluttet');
  return {
    id: rng.uuid(),
    municipality: spec.municipality,
    kle,
    handlingFacet: rng.chance(0.06) ? 'K02' : 'G01',
    progressState,
    stateSince: daysFrom(today, spec.active ? -rng.between(1, 400) : -rng.between(30, 1500)),
    sensitivity: spec.sensitivity ?? rng.weighted(SENSITIVITY_WEIGHTS),
    responsibleUnitId: unitId,
    secondaryParties: [...(spec.secondaryParties ?? [])],
    title: `${KLE_CASE_PHRASES[kle]} – ${firstName}`,
  };
}

/**
 * A realistic spread: many children have no case, many one active case, some
 * several (active and closed), some only closed ones, and a few a case owned by
 * another municipality than the one they live in (they moved).
 */
export function casesForChild(ctx: CaseContext, firstName: string, residence: string): CaseWire[] {
  const { rng } = ctx;
  const pattern = rng.weighted([
    ['none', 35],
    ['one-active', 28],
    ['several', 20],
    ['closed-only', 12],
    ['elsewhere', 5],
  ] as const);
  const at = (municipality: string, active: boolean) => makeCase(ctx, firstName, { municipality, active });
  switch (pattern) {
    case 'none':
      return [];
    case 'one-active':
      return [at(residence, true)];
    case 'several':
      return [
        at(residence, true),
        ...Array.from({ length: rng.between(1, 3) }, () => at(residence, !rng.chance(0.6))),
      ];
    case 'closed-only':
      return Array.from({ length: rng.between(1, 2) }, () => at(residence, false));
    case 'elsewhere': {
      const other = rng.pick(ctx.municipalities.filter((m) => m !== residence));
      return [at(other, true), ...(rng.chance(0.5) ? [at(residence, false)] : [])];
    }
  }
}
