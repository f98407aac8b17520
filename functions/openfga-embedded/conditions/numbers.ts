/**
 * Numbers in context values, converted the way OpenFGA converts them: a JSON
 * number or a decimal string (`"10"`, `"1e3"`, `"5."`) becomes an int or uint when
 * its value is whole, and a double when it is finite. Two deliberate differences,
 * both failing closed: OpenFGA clamps whole numbers outside int64 (uint: above
 * 2^63 − 1) to the limit, here they are refused; OpenFGA reads the string `"Inf"`
 * as infinity, here it is refused like every other non-finite double.
 */

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;
// 2^64 has 20 digits: a longer whole number is out of range without computing it.
const MAX_DIGITS = 20;

export function toInt64(value: unknown): bigint | undefined {
  const whole = toWholeNumber(value);
  return whole !== undefined && whole >= INT64_MIN && whole <= INT64_MAX ? whole : undefined;
}

export function toUint64(value: unknown): bigint | undefined {
  const whole = toWholeNumber(value);
  return whole !== undefined && whole >= 0n && whole <= UINT64_MAX ? whole : undefined;
}

export function toDouble(value: unknown): number | undefined {
  let number: number;
  if (typeof value === 'number') number = value;
  else if (typeof value === 'bigint') number = Number(value);
  else if (typeof value === 'string' && isDecimal(value)) number = Number(value);
  else return undefined;
  return Number.isFinite(number) ? number : undefined;
}

function toWholeNumber(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const match = DECIMAL.exec(value);
  if (match === null) return undefined;
  const [, sign, whole = '', fraction = '', exponent = '0'] = match;
  if (whole === '' && fraction === '') return undefined;
  const digits = (whole + fraction).replace(/^0+/, '');
  const scale = Number(exponent) - fraction.length;
  if (digits === '') return 0n;
  let magnitude: bigint;
  if (scale >= 0) {
    if (digits.length + scale > MAX_DIGITS) return undefined;
    magnitude = BigInt(digits) * 10n ** BigInt(scale);
  } else {
    const kept = digits.length + scale;
    if (!/^0*$/.test(digits.slice(Math.max(kept, 0)))) return undefined;
    magnitude = kept > 0 ? BigInt(digits.slice(0, kept)) : 0n;
  }
  return sign === '-' ? -magnitude : magnitude;
}

/** Go's big.ParseFloat syntax in base 10, without its `Inf` and base-2 `p` exponent forms. */
function isDecimal(text: string): boolean {
  const match = DECIMAL.exec(text);
  return match !== null && `${match[2] ?? ''}${match[3] ?? ''}` !== '';
}
