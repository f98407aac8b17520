import type { GpClinic, PsychiatryUnit } from '../../contracts/health-organisation.ts';
import type { Institution } from '../../contracts/institutions.ts';
import { parseCpr } from '../../runtime/cpr/cpr.ts';
import { ageOn, substituteCpr } from './calendar.ts';
import { type CaseContext, casesForChild } from './cases.ts';
import { coursesForChild } from './courses.ts';
import { outsidePilotClinicSor, PILOT_CLINICS } from './health.ts';
import { institutionFor } from './institutions.ts';
import { adultName, childName, type Sex, surname } from './names.ts';
import type { AdultRecord, ChildRecord } from './schema.ts';

export interface FamilyContext extends CaseContext {
  readonly clinics: readonly GpClinic[];
  readonly courseUnits: readonly PsychiatryUnit[];
  readonly institutions: ReadonlyMap<string, readonly Institution[]>;
  readonly usedCprs: Set<string>;
}

/** Residence weights roughly follow the municipalities' populations. */
const RESIDENCE_WEIGHTS: readonly (readonly [string, number])[] = [
  ['851', 50],
  ['810', 10],
  ['849', 11],
  ['840', 9],
  ['787', 12],
];
/** Non-pilot municipalities where a parent without the child may live (Copenhagen, Aarhus, Hjørring). */
const ELSEWHERE = ['101', '751', '860'];

const sexOf = (ctx: FamilyContext): Sex => (ctx.rng.chance(0.5) ? 'female' : 'male');
export const birthDateOf = (cpr: string) => {
  const parsed = parseCpr(cpr);
  if (!parsed.ok) throw new Error('the generator made an invalid CPR number');
  return parsed.cpr.birthDate;
};

/** The family's GP: a pilot clinic near home, a clinic outside the pilot, or none. */
function familyClinic(ctx: FamilyContext, residence: string): string | null {
  const near = ctx.clinics.filter((_, i) => PILOT_CLINICS[i]?.catchment === residence);
  const roll = ctx.rng.next();
  if (near.length === 0) return roll < 0.85 ? outsidePilotClinicSor(ctx.rng.int(6)) : null;
  if (roll < 0.88) return ctx.rng.pick(near).sor;
  return roll < 0.95 ? outsidePilotClinicSor(ctx.rng.int(6)) : null;
}

/**
 * A household: one or two custody holders and one to three children, sharing
 * a surname, a GP and (rarely) name and address protection.
 */
export function makeFamily(ctx: FamilyContext): { adults: AdultRecord[]; children: ChildRecord[] } {
  const { rng, today } = ctx;
  const residence = rng.weighted(RESIDENCE_WEIGHTS);
  const family = surname(rng);
  const addressProtected = rng.chance(0.04);
  const adults: AdultRecord[] = Array.from({ length: rng.chance(0.75) ? 2 : 1 }, (_, i) => {
    const sex = sexOf(ctx);
    return {
      cpr: substituteCpr(rng, rng.between(1972, 1996), sex, ctx.usedCprs),
      name: adultName(rng, sex, family),
      residenceMunicipality: i === 1 && rng.chance(0.1) ? rng.pick(ELSEWHERE) : residence,
      addressProtected,
    };
  });
  const clinic = familyClinic(ctx, residence);
  const children = Array.from(
    {
      length: rng.weighted([
        [1, 5],
        [2, 4],
        [3, 1],
      ] as const),
    },
    () => {
      const sex = sexOf(ctx);
      const cpr = substituteCpr(rng, rng.between(2009, 2024), sex, ctx.usedCprs);
      const name = childName(rng, sex, family);
      const cases = casesForChild(ctx, name.split(' ')[0]!, residence);
      const hasActiveCase = cases.some((c) => c.progressState !== 'Afsluttet');
      return {
        cpr,
        name,
        residenceMunicipality: residence,
        custodyHolders: adults.map((a) => a.cpr),
        addressProtected,
        gpClinicSor: clinic,
        institution: institutionFor(rng, ctx.institutions, residence, ageOn(today, birthDateOf(cpr))),
        cases,
        courses: coursesForChild(rng, today, ctx.courseUnits, hasActiveCase),
        blocks: [],
        appointments: [],
      };
    },
  );
  return { adults, children };
}
