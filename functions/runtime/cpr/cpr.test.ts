import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CPR_SHAPED, parseCpr, pseudonym } from './cpr.ts';

// Synthetic numbers only: substitute days (61–91) can never belong to a real person.
describe('parseCpr', () => {
  it('accepts a substitute number with or without the dash and flags it as synthetic', () => {
    for (const input of ['670315-4321', '6703154321']) {
      expect(parseCpr(input)).toEqual({
        ok: true,
        cpr: { digits: '6703154321', birthDate: '2015-03-07', sex: 'male', synthetic: true },
      });
    }
  });

  it('derives the century from digit 7 and the year', () => {
    const year = (input: string) => {
      const parsed = parseCpr(input);
      return parsed.ok ? parsed.cpr.birthDate.slice(0, 4) : parsed.problem;
    };
    expect(year('610190-0000')).toBe('1990');
    expect(year('610110-4000')).toBe('2010');
    expect(year('610140-4000')).toBe('1940');
    expect(year('610120-5000')).toBe('2020');
    expect(year('610160-5000')).toBe('1860');
    expect(year('610130-9000')).toBe('2030');
    expect(year('610199-9000')).toBe('1999');
  });

  it('does not reject a number that fails modulus 11', () => {
    // 6101104001 has no valid modulus-11 check digit; it is still a valid number.
    expect(parseCpr('610110-4001').ok).toBe(true);
  });

  it('rejects malformed input and impossible dates with distinct problems', () => {
    expect(parseCpr('61011-04001')).toEqual({ ok: false, problem: 'cpr_malformed' });
    expect(parseCpr('abcdef-ghij')).toEqual({ ok: false, problem: 'cpr_malformed' });
    expect(parseCpr('')).toEqual({ ok: false, problem: 'cpr_malformed' });
    expect(parseCpr('691315-4321')).toEqual({ ok: false, problem: 'cpr_invalid_date' });
    expect(parseCpr('890215-4321')).toEqual({ ok: false, problem: 'cpr_invalid_date' });
    expect(parseCpr('600115-4321')).toEqual({ ok: false, problem: 'cpr_invalid_date' });
    expect(parseCpr('890216-4321').ok).toBe(true); // 29 February 2016, a leap year
    expect(parseCpr('890212-4321').ok).toBe(true);
  });

  it('reads the sex from the last digit', () => {
    const parsed = parseCpr('670315-4322');
    expect(parsed.ok && parsed.cpr.sex).toBe('female');
  });
});

describe('pseudonym', () => {
  const key = new Uint8Array(32).fill(7);
  const cpr = (input: string) => {
    const parsed = parseCpr(input);
    if (!parsed.ok) throw new Error('test input must be valid');
    return parsed.cpr;
  };

  it('is stable for the same number and key, and differs by key', () => {
    const a = pseudonym(cpr('670315-4321'), key);
    expect(a).toMatch(/^p-[0-9a-f]{32}$/);
    expect(pseudonym(cpr('6703154321'), key)).toBe(a);
    expect(pseudonym(cpr('670315-4321'), new Uint8Array(32).fill(8))).not.toBe(a);
    expect(a).not.toMatch(CPR_SHAPED);
  });

  it('is the HMAC-SHA-256 of the digits, and follows a key changed in place', () => {
    const mutable = new Uint8Array(32).fill(7);
    const expected = (k: Uint8Array) =>
      `p-${createHmac('sha256', k).update('6703154321').digest('hex').slice(0, 32)}`;
    expect(pseudonym(cpr('670315-4321'), mutable)).toBe(expected(key));
    mutable[0] = 9;
    expect(pseudonym(cpr('670315-4321'), mutable)).toBe(expected(mutable));
    expect(pseudonym(cpr('670315-4321'), mutable)).not.toBe(expected(key));
  });

  it('refuses a short key', () => {
    expect(() => pseudonym(cpr('670315-4321'), new Uint8Array(8))).toThrow('at least 32 bytes');
  });
});
