import type { Institution } from '../../contracts/institutions.ts';
import { substituteCpr } from './calendar.ts';
import { makeCase } from './cases.ts';
import { makeCourse } from './courses.ts';
import type { FamilyContext } from './families.ts';
import { adultName } from './names.ts';
import type { AdultRecord, ChildRecord } from './schema.ts';

/**
 * Three Aalborg children written out by hand so that every persona has a child
 * that shows its capability (personas.ts finds them by these facts, not by
 * position):
 * - listed at Lægerne Torvet, an active, shareable 34.10.10 case in Myndighed Øst
 *   (and a closed notification), a running course at Ambulatorium for børn, a school;
 * - listed at Toldbodlægerne, an active 34.15.05 case in Tidlig Indsats, a daycare;
 * - a teenager listed at Lægerne Søparken, a running course at Ambulatorium for
 *   unge, an active PPR case (17.03.04) in PPR Øst and an active VIP case that
 *   health must never see.
 */
export function demoFamilies(ctx: FamilyContext): { adults: AdultRecord[]; children: ChildRecord[] } {
  const { rng, today } = ctx;
  const clinic = (name: string) => ctx.clinics.find((c) => c.name === name)!.sor;
  const unit = (name: string) => ctx.courseUnits.find((u) => u.name === name)!;
  const pool = ctx.institutions.get('851') ?? [];
  const firstOf = (type: Institution['type']) => pool.find((i) => i.type === type) ?? null;
  const adults: AdultRecord[] = [];
  const parents = (surname: string, count: number) =>
    Array.from({ length: count }, (_, i) => {
      const sex = i === 0 ? 'female' : 'male';
      const adult = {
        cpr: substituteCpr(rng, 1980 + i, sex, ctx.usedCprs),
        name: adultName(rng, sex, surname),
        residenceMunicipality: '851',
        addressProtected: false,
      };
      adults.push(adult);
      return adult.cpr;
    });
  const child = (name: string, born: number, custody: string[], rest: Partial<ChildRecord>): ChildRecord => ({
    cpr: substituteCpr(
      rng,
      born,
      name.startsWith('Emma') || name.startsWith('Freja') ? 'female' : 'male',
      ctx.usedCprs,
    ),
    name,
    residenceMunicipality: '851',
    custodyHolders: custody,
    addressProtected: false,
    gpClinicSor: null,
    institution: null,
    cases: [],
    courses: [],
    blocks: [],
    appointments: [],
    ...rest,
  });
  const caseIn = (first: string, spec: Parameters<typeof makeCase>[2]) => makeCase(ctx, first, spec);

  const children = [
    child('Emma Holm', 2016, parents('Holm', 2), {
      gpClinicSor: clinic('Lægerne Torvet'),
      institution: firstOf('school'),
      cases: [
        caseIn('Emma', {
          municipality: '851',
          active: true,
          kle: '34.10.10',
          unitId: '851-myndighed-oest',
          sensitivity: 'FORTROLIGE_PERSONOPLYSNINGER',
          progressState: 'Oplyst',
        }),
        caseIn('Emma', { municipality: '851', active: false, kle: '34.10.30', unitId: '851-modtagelsen' }),
      ],
      courses: [makeCourse(rng, today, unit('Ambulatorium for børn'), 'active')],
    }),
    child('Noah Lund', 2021, parents('Lund', 1), {
      gpClinicSor: clinic('Toldbodlægerne'),
      institution: firstOf('daycare'),
      cases: [
        caseIn('Noah', {
          municipality: '851',
          active: true,
          kle: '34.15.05',
          unitId: '851-tidlig-indsats',
          sensitivity: 'FOELSOMME_PERSONOPLYSNINGER',
          progressState: 'Opstaaet',
        }),
      ],
    }),
    child('Freja Mikkelsen', 2011, parents('Mikkelsen', 2), {
      gpClinicSor: clinic('Lægerne Søparken'),
      institution: firstOf('school'),
      cases: [
        caseIn('Freja', {
          municipality: '851',
          active: true,
          kle: '17.03.04',
          unitId: '851-ppr-oest',
          sensitivity: 'FORTROLIGE_PERSONOPLYSNINGER',
          progressState: 'Afgjort',
        }),
        caseIn('Freja', {
          municipality: '851',
          active: true,
          kle: '34.10.10',
          unitId: '851-myndighed-vest',
          sensitivity: 'VIP_SAGER',
        }),
      ],
      courses: [makeCourse(rng, today, unit('Ambulatorium for unge'), 'active')],
    }),
  ];
  return { adults, children };
}
