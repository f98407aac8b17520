import type { GpClinic, PsychiatryUnit, StaffMember } from '../../contracts/health-organisation.ts';
import { employeeName, syntheticPhone } from './names.ts';
import type { Rng } from './random.ts';

/**
 * The pilot's GP clinics (names from DOMAIN.md) and one BUP centre with
 * sub-units. SOR codes here are synthetic: every one starts with 999, a range
 * SOR does not use, and `catchment` is our own choice of where a clinic's
 * patients live, not a fact about the real clinic.
 */
export const PILOT_CLINICS: readonly { readonly name: string; readonly catchment: string }[] = [
  { name: 'Lægerne Torvet', catchment: '851' },
  { name: 'Toldbodlægerne', catchment: '851' },
  { name: 'Lægerne ved Sauers Plads', catchment: '851' },
  { name: 'Lægerne Søparken', catchment: '851' },
  { name: 'Lægeklinikken Sulsted', catchment: '851' },
  { name: 'Gistrup Lægeklinik', catchment: '851' },
  { name: 'Lægerne i Nibe', catchment: '851' },
  { name: 'Lægecenter Storvorde', catchment: '851' },
  { name: 'Lægehuset i Hals', catchment: '851' },
  { name: 'Lægerne i Hjallerup', catchment: '810' },
  { name: 'Lægerne i Pandrup', catchment: '849' },
  { name: 'Familielægerne Jetsmark', catchment: '849' },
  { name: 'Lægeklinikken Rebild Syd', catchment: '840' },
  { name: 'Lægehuset i Skørping', catchment: '840' },
];

export const clinicSor = (index: number) => `99912000000${String(index + 1).padStart(4, '0')}`;
/** Clinics outside the pilot: listings may point at them, but they have no staff in HOI. */
export const outsidePilotClinicSor = (index: number) => `99919000000${String(index + 1).padStart(4, '0')}`;
const bupSor = (index: number) => `99913000000${String(index + 1).padStart(4, '0')}`;

const staff = (rng: Rng, prefix: string, count: number): StaffMember[] =>
  Array.from({ length: count }, (_, i) => ({
    subject: `syn-${prefix}-${String(i + 1).padStart(2, '0')}`,
    name: employeeName(rng),
  }));

/**
 * Who audits access logs, named without the random stream so that adding them
 * left every other generated fact as it was: one per clinic (its
 * data-responsible doctor's delegate) and the region's one for every BUP unit.
 */
const CLINIC_AUDITOR_NAMES = ['Karen Bech', 'Lene Vestergaard', 'Niels Østergaard', 'Hanne Kjær'];
export const REGION_AUDITOR: StaffMember = { subject: 'syn-rn-revision-01', name: 'Bo Kjeldsen' };

export function buildClinics(rng: Rng): GpClinic[] {
  return PILOT_CLINICS.map(({ name }, i) => ({
    sor: clinicSor(i),
    name,
    phone: syntheticPhone('990', 100 + i),
    staff: staff(rng, `gp-${String(i + 1).padStart(2, '0')}`, rng.between(2, 4)),
    auditors: [
      {
        subject: `syn-gp-${String(i + 1).padStart(2, '0')}-revision`,
        name: CLINIC_AUDITOR_NAMES[i % CLINIC_AUDITOR_NAMES.length]!,
      },
    ],
  }));
}

const BUP_UNITS: readonly { name: string; parent: number | null; staff: number }[] = [
  { name: 'Børne- og Ungdomspsykiatrisk Center, Aalborg', parent: null, staff: 2 },
  { name: 'Ambulatorium for børn', parent: 0, staff: 4 },
  { name: 'Udredningsteam for børn', parent: 1, staff: 2 },
  { name: 'Ambulatorium for unge', parent: 0, staff: 4 },
  { name: 'Team for spiseforstyrrelser', parent: 0, staff: 2 },
  { name: 'Sengeafsnit for børn og unge', parent: 0, staff: 3 },
];

export function buildPsychiatryUnits(rng: Rng): PsychiatryUnit[] {
  let serial = 0;
  return BUP_UNITS.map((unit, i) => {
    const members = staff(rng, 'bup', unit.staff).map((m) => {
      serial += 1;
      return { ...m, subject: `syn-bup-${String(serial).padStart(2, '0')}` };
    });
    return {
      sor: bupSor(i),
      name: unit.name,
      parentSor: unit.parent === null ? null : bupSor(unit.parent),
      phone: syntheticPhone('990', 200 + i),
      staff: members,
      auditors: [REGION_AUDITOR],
    };
  });
}

/** The BUP units that run outpatient and inpatient courses (not the centre itself). */
export const courseUnits = (units: readonly PsychiatryUnit[]) => units.filter((u) => u.parentSor !== null);
