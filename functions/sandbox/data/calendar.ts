import type { Sex } from './names.ts';
import type { Rng } from './random.ts';

const DAY_MS = 86_400_000;

/** An instant `days` after (or before, when negative) `today`, as RFC 3339 UTC without milliseconds. */
export function daysFrom(today: Date, days: number, hour = 9): string {
  const start = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), hour);
  return new Date(start + days * DAY_MS).toISOString().replace('.000Z', 'Z');
}

/**
 * A CPR substitute number (DDMMYYSSSS with day + 60): the scheme for synthetic
 * people, which can never be a real person's number. Digit 7 follows
 * CPR-kontoret's century table; the last digit is odd for males.
 */
export function substituteCpr(rng: Rng, birthYear: number, sex: Sex, used: Set<string>): string {
  for (;;) {
    const month = rng.between(1, 12);
    const day = rng.between(1, new Date(Date.UTC(birthYear, month, 0)).getUTCDate());
    const yy = birthYear % 100;
    const digit7 = birthYear >= 2000 ? rng.pick([4, 5, 6, 7, 8]) : rng.int(4);
    const last = rng.int(5) * 2 + (sex === 'male' ? 1 : 0);
    const serial = `${digit7}${rng.int(10)}${rng.int(10)}${last}`;
    const cpr = `${day + 60}${String(month).padStart(2, '0')}${String(yy).padStart(2, '0')}${serial}`;
    if (!used.has(cpr)) {
      used.add(cpr);
      return cpr;
    }
  }
}

/** Full years of age on `today` for a CPR birth date (`YYYY-MM-DD`). */
export function ageOn(today: Date, birthDate: string): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const beforeBirthday =
    today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d);
  return today.getUTCFullYear() - y - (beforeBirthday ? 1 : 0);
}
