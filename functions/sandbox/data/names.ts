import type { Rng } from './random.ts';

/** Common Danish given names and surnames: every combination is made up. */
const GIRLS = [
  'Emma',
  'Ida',
  'Clara',
  'Freja',
  'Alma',
  'Ella',
  'Sofia',
  'Karla',
  'Anna',
  'Laura',
  'Olivia',
  'Agnes',
  'Josefine',
  'Asta',
  'Lea',
  'Nora',
  'Mathilde',
  'Ellen',
  'Liva',
  'Vigga',
];
const BOYS = [
  'William',
  'Noah',
  'Oscar',
  'Lucas',
  'Carl',
  'Victor',
  'Malthe',
  'Alfred',
  'Emil',
  'Aksel',
  'Valdemar',
  'Oliver',
  'Frederik',
  'Elias',
  'Magnus',
  'Anton',
  'Johan',
  'August',
  'Storm',
  'Theo',
];
const ADULTS_F = ['Mette', 'Hanne', 'Susanne', 'Louise', 'Camilla', 'Maria', 'Pia', 'Tina', 'Line', 'Helle'];
const ADULTS_M = [
  'Jens',
  'Lars',
  'Peter',
  'Michael',
  'Thomas',
  'Henrik',
  'Søren',
  'Martin',
  'Rasmus',
  'Anders',
];
const SURNAMES = [
  'Nielsen',
  'Jensen',
  'Hansen',
  'Pedersen',
  'Andersen',
  'Christensen',
  'Larsen',
  'Sørensen',
  'Rasmussen',
  'Jørgensen',
  'Petersen',
  'Madsen',
  'Kristensen',
  'Olsen',
  'Thomsen',
  'Christiansen',
  'Poulsen',
  'Johansen',
  'Møller',
  'Mortensen',
  'Knudsen',
  'Jakobsen',
  'Mikkelsen',
  'Lund',
  'Holm',
];

export type Sex = 'female' | 'male';

export const childName = (rng: Rng, sex: Sex, surname: string) =>
  `${rng.pick(sex === 'female' ? GIRLS : BOYS)} ${surname}`;
export const adultName = (rng: Rng, sex: Sex, surname: string) =>
  `${rng.pick(sex === 'female' ? ADULTS_F : ADULTS_M)} ${surname}`;
export const surname = (rng: Rng) => rng.pick(SURNAMES);
export const employeeName = (rng: Rng) =>
  `${rng.pick(rng.chance(0.7) ? ADULTS_F : ADULTS_M)} ${rng.pick(SURNAMES)}`;

/**
 * A Danish-looking number that cannot be real: Danish subscriber numbers never
 * start with 0. `series` keeps the kinds apart (municipality code, 990 health, 980 STIL).
 */
export const syntheticPhone = (series: string, serial: number) =>
  `+45 0${series.padStart(3, '0')} ${String(serial).padStart(4, '0')}`;

/** Secure mail boxes on the reserved `.example` domain (RFC 2606). */
export const secureEmail = (municipality: string, slug: string) =>
  `${slug}@${municipality}.sikkermail.example`;
