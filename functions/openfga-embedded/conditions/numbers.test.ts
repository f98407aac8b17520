import { describe, expect, it } from 'vitest';
import { toDouble, toInt64, toUint64 } from './numbers.ts';

describe('toInt64', () => {
  it('takes whole JSON numbers and decimal strings, as OpenFGA does', () => {
    expect(toInt64(10)).toBe(10n);
    expect(toInt64(10.0)).toBe(10n);
    expect(toInt64(-0)).toBe(0n);
    expect(toInt64('10')).toBe(10n);
    expect(toInt64('+5')).toBe(5n);
    expect(toInt64('5.')).toBe(5n);
    expect(toInt64('.5e1')).toBe(5n);
    expect(toInt64('1e3')).toBe(1000n);
    expect(toInt64('1.0e3')).toBe(1000n);
    expect(toInt64('-0')).toBe(0n);
    expect(toInt64('12.500e1')).toBe(125n);
  });

  it('is exact up to the int64 limits', () => {
    expect(toInt64('9223372036854775807')).toBe(9_223_372_036_854_775_807n);
    expect(toInt64('-9223372036854775808')).toBe(-9_223_372_036_854_775_808n);
  });

  it('refuses values beyond int64, which OpenFGA would clamp', () => {
    expect(toInt64('9223372036854775808')).toBeUndefined();
    expect(toInt64('-9223372036854775809')).toBeUndefined();
    expect(toInt64(1e30)).toBeUndefined();
    expect(toInt64('1e99999999999999999999')).toBeUndefined();
  });

  it.each([
    10.5,
    '10.5',
    '5e-1',
    '1_000',
    '',
    ' 1',
    '0x10',
    'Inf',
    '1p3',
    Number.NaN,
    Infinity,
    true,
    null,
    [1],
    {},
  ])('refuses %j', (value) => {
    expect(toInt64(value)).toBeUndefined();
  });
});

describe('toUint64', () => {
  it('takes whole numbers from 0 to 2^64 - 1', () => {
    expect(toUint64(0)).toBe(0n);
    expect(toUint64('-0')).toBe(0n);
    expect(toUint64('18446744073709551615')).toBe(18_446_744_073_709_551_615n);
    expect(toUint64(1e19)).toBe(10_000_000_000_000_000_000n);
  });

  it.each([-1, '-10', 10.5, '18446744073709551616'])('refuses %j', (value) => {
    expect(toUint64(value)).toBeUndefined();
  });
});

describe('toDouble', () => {
  it('takes finite numbers and decimal strings', () => {
    expect(toDouble(1)).toBe(1);
    expect(toDouble(1.797_693_134_862_315_7e308)).toBe(Number.MAX_VALUE);
    expect(toDouble('-2.5e-3')).toBe(-0.0025);
    expect(toDouble('1.797693134862315708145274237317')).toBe(1.797_693_134_862_315_7);
  });

  it('refuses a double overflow, written as a number (read as Infinity) or as a string', () => {
    expect(toDouble(Number.POSITIVE_INFINITY)).toBeUndefined();
    expect(toDouble(Number.NEGATIVE_INFINITY)).toBeUndefined();
    expect(toDouble('1.79769313486231570814527423731704356798070e+309')).toBeUndefined();
    expect(toDouble('-1.79769313486231570814527423731704356798070e+309')).toBeUndefined();
  });

  it.each([Number.NaN, 'Inf', 'NaN', 'Infinity', ' 1', '0x10', '', '.', true, null])(
    'refuses %j',
    (value) => {
      expect(toDouble(value)).toBeUndefined();
    },
  );
});
