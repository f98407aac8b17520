/**
 * Ages the way a Danish citizen reads them: a person turns N at 00:00 Danish
 * time (Europe/Copenhagen) on their Nth birthday; born on 29 February, on
 * 1 March in a year without one.
 */
/**
 * Made on first use: a time-zone formatter pages in ICU's zone data (some
 * 6 MiB of the node binary stays resident), which a function that never
 * reads an age should not carry.
 */
let danishTime: Intl.DateTimeFormat | undefined;
const DANISH_TIME = () =>
  (danishTime ??= new Intl.DateTimeFormat('en-US', {
    timeZone: 'Europe/Copenhagen',
    timeZoneName: 'longOffset',
  }));

/** The instant a person born on `birthDate` (`YYYY-MM-DD`) turns `years` old. */
export function turnsAgeAt(birthDate: string, years: number): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!match) throw new RangeError('birthDate must be YYYY-MM-DD');
  const [year, month, day] = [Number(match[1]) + years, Number(match[2]), Number(match[3])];
  // Date.UTC rolls 29 February over to 1 March in a year without it.
  const midnightUtc = Date.UTC(year, month - 1, day);
  return new Date(midnightUtc - offsetMinutes(new Date(midnightUtc)) * 60_000);
}

/** Copenhagen's offset from UTC at an instant (60 in winter, 120 in summer). */
function offsetMinutes(at: Date): number {
  const name =
    DANISH_TIME()
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}
