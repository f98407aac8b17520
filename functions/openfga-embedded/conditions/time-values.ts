import { create } from '@bufbuild/protobuf';
import { type Duration, DurationSchema, type Timestamp, TimestampSchema } from '@bufbuild/protobuf/wkt';

/**
 * Timestamps and durations in context values, parsed the way OpenFGA parses them
 * (Go's `time.Parse(time.RFC3339, …)` and `time.ParseDuration`). A timestamp
 * keeps only its instant: `string(t)` prints it in UTC, where OpenFGA repeats
 * the offset it was given (comparisons and getHours() agree either way).
 */

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

const NANOS_PER_SECOND = 1_000_000_000n;
// Go's time.Duration is int64 nanoseconds; longer durations are rejected.
const MAX_DURATION_NANOS = (1n << 63n) - 1n;

const NANOS_PER_UNIT: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 micro sign
  μs: 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: NANOS_PER_SECOND,
  m: 60n * NANOS_PER_SECOND,
  h: 3_600n * NANOS_PER_SECOND,
};

/**
 * Timestamps parsed lately, by their text: a request's `current_time` and its
 * facts' times come back in every condition of every check about the child.
 * Bounded: emptied when full. CEL never changes a value it is given.
 */
const parsed = new Map<string, Timestamp>();
const PARSED_LIMIT = 4096;

/** `2023-10-11T10:00:00Z`, `…T10:00:00.5+02:00`; lower-case `t`/`z` and a missing offset are refused, as in Go. */
export function parseTimestamp(text: string): Timestamp | undefined {
  const known = parsed.get(text);
  if (known !== undefined) return known;
  const timestamp = parseTimestampText(text);
  if (timestamp !== undefined) {
    if (parsed.size >= PARSED_LIMIT) parsed.clear();
    parsed.set(text, timestamp);
  }
  return timestamp;
}

function parseTimestampText(text: string): Timestamp | undefined {
  const match = RFC3339.exec(text);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [, , , , , , , fraction = '', sign, offsetHours = '0', offsetMinutes = '0'] = match;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  // Go accepts offsets up to 24:60.
  if (Number(offsetHours) > 24 || Number(offsetMinutes) > 60) return undefined;
  const offsetSeconds = (sign === '-' ? -1 : 1) * (Number(offsetHours) * 3600 + Number(offsetMinutes) * 60);
  const seconds =
    daysSinceEpoch(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds;
  const nanos = Number(fraction.slice(0, 9).padEnd(9, '0'));
  return create(TimestampSchema, { seconds: BigInt(seconds), nanos });
}

/** `1h30m`, `-1.5h`, `300ms`, `0`; units ns, us, µs, ms, s, m, h; a bare number other than 0 is refused. */
export function parseDuration(text: string): Duration | undefined {
  const negative = text.startsWith('-');
  let rest = negative || text.startsWith('+') ? text.slice(1) : text;
  if (rest === '0') return create(DurationSchema, {});
  if (rest === '') return undefined;
  let total = 0n;
  while (rest !== '') {
    const match = /^(\d*)(?:\.(\d*))?([^\d.]*)/.exec(rest);
    const [segment = '', whole = '', fraction = '', unit = ''] = match ?? [];
    const unitNanos = NANOS_PER_UNIT[unit];
    if ((whole === '' && fraction === '') || unitNanos === undefined) return undefined;
    total += BigInt(whole || '0') * unitNanos;
    if (fraction !== '') total += (BigInt(fraction) * unitNanos) / 10n ** BigInt(fraction.length);
    if (total > MAX_DURATION_NANOS + (negative ? 1n : 0n)) return undefined;
    rest = rest.slice(segment.length);
  }
  const nanos = negative ? -total : total;
  return create(DurationSchema, {
    seconds: nanos / NANOS_PER_SECOND,
    nanos: Number(nanos % NANOS_PER_SECOND),
  });
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days from 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil). */
function daysSinceEpoch(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
