import { describe, expect, it } from 'vitest';
import { parseDuration, parseTimestamp } from './time-values.ts';

// Accepted and refused forms were checked against OpenFGA v1.18.3, whose
// timestamp and duration parameters use Go's RFC 3339 and duration parsers.

const timestamp = (text: string) => {
  const parsed = parseTimestamp(text);
  return parsed && { seconds: parsed.seconds, nanos: parsed.nanos };
};

const duration = (text: string) => {
  const parsed = parseDuration(text);
  return parsed && { seconds: parsed.seconds, nanos: parsed.nanos };
};

describe('parseTimestamp', () => {
  it('reads UTC and offset times as seconds since the epoch', () => {
    expect(timestamp('1970-01-01T00:00:00Z')).toEqual({ seconds: 0n, nanos: 0 });
    expect(timestamp('2023-10-11T10:00:00.000Z')).toEqual({ seconds: 1_697_018_400n, nanos: 0 });
    expect(timestamp('2023-10-11T12:00:00+02:00')).toEqual({ seconds: 1_697_018_400n, nanos: 0 });
    expect(timestamp('2023-10-11T07:30:00-02:30')).toEqual({ seconds: 1_697_018_400n, nanos: 0 });
    expect(timestamp('1969-12-31T23:59:59Z')).toEqual({ seconds: -1n, nanos: 0 });
    expect(timestamp('2024-02-29T00:00:00Z')).toEqual({ seconds: 1_709_164_800n, nanos: 0 });
  });

  it('keeps fractions to the nanosecond, cutting longer ones, with . or ,', () => {
    expect(timestamp('1972-01-01T10:00:20.021Z')).toEqual({ seconds: 63_108_020n, nanos: 21_000_000 });
    expect(timestamp('2021-01-01T00:00:00.123456789123Z')?.nanos).toBe(123_456_789);
    expect(timestamp('2021-01-01T00:00:00,5Z')?.nanos).toBe(500_000_000);
  });

  it('accepts the extremes Go accepts', () => {
    expect(timestamp('2021-01-01T00:00:00+24:00')?.seconds).toBe(1_609_372_800n);
    expect(timestamp('0001-01-01T00:00:00Z')?.seconds).toBe(-62_135_596_800n);
  });

  it.each([
    '2021-01-01t00:00:00z',
    '2021-01-01T00:00:00', // no offset
    '2021-01-01 00:00:00Z',
    '2021-02-29T00:00:00Z',
    '2021-13-01T00:00:00Z',
    '2021-01-01T24:00:00Z',
    '2021-01-01T00:60:00Z',
    '2021-01-01T00:00:60Z',
    '2021-01-01T00:00:00+25:00',
    '21-01-01T00:00:00Z',
    '2023-0914',
    '',
  ])('refuses %j', (text) => {
    expect(parseTimestamp(text)).toBeUndefined();
  });
});

describe('parseDuration', () => {
  it('reads Go duration strings', () => {
    expect(duration('1h30m')).toEqual({ seconds: 5400n, nanos: 0 });
    expect(duration('90m')).toEqual({ seconds: 5400n, nanos: 0 });
    expect(duration('1.5h1s')).toEqual({ seconds: 5401n, nanos: 0 });
    expect(duration('.5h')).toEqual({ seconds: 1800n, nanos: 0 });
    expect(duration('1.h')).toEqual({ seconds: 3600n, nanos: 0 });
    expect(duration('300ms')).toEqual({ seconds: 0n, nanos: 300_000_000 });
    expect(duration('1us2µs3μs4ns')).toEqual({ seconds: 0n, nanos: 6004 });
    expect(duration('+10s')).toEqual({ seconds: 10n, nanos: 0 });
    expect(duration('-1.5s')).toEqual({ seconds: -1n, nanos: -500_000_000 });
    expect(duration('0')).toEqual({ seconds: 0n, nanos: 0 });
    expect(duration('-0')).toEqual({ seconds: 0n, nanos: 0 });
  });

  it('accepts up to Go’s int64 nanoseconds (about 292 years) and no more', () => {
    expect(duration('2562047h')?.seconds).toBe(9_223_369_200n);
    expect(parseDuration('3000000h')).toBeUndefined();
    expect(parseDuration('9223372036854775808ns')).toBeUndefined();
    expect(duration('-9223372036854775808ns')).toEqual({ seconds: -9_223_372_036n, nanos: -854_775_808 });
  });

  it.each(['5', '1H', '1hour', '2h.', '.h', 'h', '', '-', '1d', ' 1h', '1h '])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});
