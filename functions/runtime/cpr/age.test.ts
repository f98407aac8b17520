import { describe, expect, it } from 'vitest';
import { turnsAgeAt } from './age.ts';

describe('turnsAgeAt', () => {
  it('POL-007.11: a child turns 15 at 00:00 Danish time on its 15th birthday, winter and summer', () => {
    expect(turnsAgeAt('2011-01-20', 15).toISOString()).toBe('2026-01-19T23:00:00.000Z');
    expect(turnsAgeAt('2011-07-04', 15).toISOString()).toBe('2026-07-03T22:00:00.000Z');
  });

  it('POL-007.11: born on 29 February, a child turns 15 on 1 March in a year without one', () => {
    expect(turnsAgeAt('2012-02-29', 15).toISOString()).toBe('2027-02-28T23:00:00.000Z');
    expect(turnsAgeAt('2012-02-29', 16).toISOString()).toBe('2028-02-28T23:00:00.000Z');
  });

  it('refuses a date that is not YYYY-MM-DD', () => {
    expect(() => turnsAgeAt('20.1.2011', 15)).toThrow(RangeError);
  });
});
