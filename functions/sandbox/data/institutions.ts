import type { Institution } from '../../contracts/institutions.ts';
import { syntheticPhone } from './names.ts';
import type { Rng } from './random.ts';

/** Made-up names in the Danish pattern; any likeness to a real institution is a coincidence. */
const SCHOOL_STEMS = ['Bakke', 'Eng', 'Fjord', 'Lunde', 'Skov', 'Mølle', 'Kilde', 'Birke', 'Hede', 'Strand'];
const DAYCARE_NAMES = ['Mejsen', 'Solsikken', 'Troldehuset', 'Regnbuen', 'Myretuen', 'Spiren', 'Egernet'];
const STREETS = [
  'Skolevej',
  'Kirkebakken',
  'Engdraget',
  'Møllevangen',
  'Birkealle',
  'Strandparken',
  'Hedevej',
];
/** Made-up heads; chosen by position, not drawn, so adding them left the random stream (and the data) as it was. */
const HEADS = ['Birgit Kjær', 'Ole Damgaard', 'Lone Vestergaard', 'Kim Bach', 'Dorthe Lindholm', 'Jan Skov'];
/** The pilot municipalities' main towns, for synthetic addresses (real postal codes, made-up streets). */
const TOWNS: Readonly<Record<string, { postalCode: string; city: string }>> = {
  '851': { postalCode: '9000', city: 'Aalborg' },
  '810': { postalCode: '9700', city: 'Brønderslev' },
  '849': { postalCode: '9490', city: 'Pandrup' },
  '840': { postalCode: '9520', city: 'Skørping' },
  '787': { postalCode: '7700', city: 'Thisted' },
};

/** Address and head of the `serial`-th institution of a municipality (STIL's Adresse and Leder). */
function whereAndWho(
  m: string,
  serial: number,
  type: Institution['type'],
  phone: string,
): Pick<Institution, 'address' | 'mainContact'> {
  const town = TOWNS[m] ?? { postalCode: '9000', city: 'Aalborg' };
  const head = HEADS[(Number(m) + serial) % HEADS.length]!;
  const number = String(serial + 1).padStart(2, '0');
  return {
    address: { street: `${STREETS[serial % STREETS.length]} ${serial * 3 + 1}`, ...town },
    mainContact: {
      name: head,
      title: type === 'school' ? 'Skoleleder' : 'Dagtilbudsleder',
      phone,
      email: `leder-${m}-${number}@${m}.stil.example`,
    },
  };
}

/**
 * A pool of schools and daycares per municipality (STIL). Institution numbers
 * are synthetic: `9` + municipality code + two digits (schools 01–49,
 * daycares 51–99); addresses and heads are made up.
 */
export function buildInstitutions(rng: Rng, municipalities: readonly string[]): Map<string, Institution[]> {
  const pools = new Map<string, Institution[]>();
  for (const m of municipalities) {
    const count = m === '851' ? 8 : 3;
    const schools = rng.pickDistinct(SCHOOL_STEMS, count).map((stem, i) => ({
      type: 'school' as const,
      institutionNumber: `9${m}${String(i + 1).padStart(2, '0')}`,
      name: `${stem}skolen`,
      phone: syntheticPhone('980', Number(m) * 10 + i),
      municipality: m,
      ...whereAndWho(m, i, 'school', syntheticPhone('981', Number(m) * 10 + i)),
    }));
    const daycares = rng.pickDistinct(DAYCARE_NAMES, Math.min(count, DAYCARE_NAMES.length)).map((n, i) => ({
      type: 'daycare' as const,
      institutionNumber: `9${m}${String(51 + i)}`,
      name: `Børnehuset ${n}`,
      phone: syntheticPhone('980', Number(m) * 10 + 5 + i),
      municipality: m,
      ...whereAndWho(m, 50 + i, 'daycare', syntheticPhone('981', Number(m) * 10 + 5 + i)),
    }));
    pools.set(m, [...schools, ...daycares]);
  }
  return pools;
}

/** School from 6, daycare from 1 to 5; at 17 most have left primary school. */
export function institutionFor(
  rng: Rng,
  pools: ReadonlyMap<string, readonly Institution[]>,
  residence: string,
  age: number,
): Institution | null {
  const type = age >= 6 ? 'school' : age >= 1 ? 'daycare' : null;
  if (type === null || (age >= 17 && rng.chance(0.7)) || rng.chance(0.04)) return null;
  const options = (pools.get(residence) ?? []).filter((i) => i.type === type);
  return options.length === 0 ? null : rng.pick(options);
}
