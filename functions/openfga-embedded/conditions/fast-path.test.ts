import { readFileSync } from 'node:fs';
import { type CelInput, isCelError, parse, plan } from '@bufbuild/cel';
import { transformer } from '@openfga/syntax-transformer';
import { describe, expect, it } from 'vitest';
import { conditionEnvironment } from './cel-environment.ts';
import { fastProgram } from './fast-path.ts';
import { BOOL, INT, STRING, type StaticType, TIMESTAMP } from './static-types.ts';
import { parseTimestamp } from './time-values.ts';

const TYPES: ReadonlyMap<string, StaticType> = new Map([
  ['a', TIMESTAMP],
  ['b', TIMESTAMP],
  ['c', TIMESTAMP],
  ['s', STRING],
  ['t', STRING],
  ['flag', BOOL],
  ['i', INT],
]);

/** Both ways: the interpreter's answer and the fast path's. */
function both(expression: string) {
  const parsed = parse(expression);
  const interpreted = plan(conditionEnvironment, parsed);
  const fast = fastProgram(parsed.expr, TYPES);
  return {
    fast,
    cel: (bindings: Record<string, CelInput>) => {
      const result = interpreted(bindings);
      if (isCelError(result)) throw new Error(`CEL error: ${String(result)}`);
      return result;
    },
  };
}

/** A small deterministic generator: equal, adjacent and far-apart values all occur. */
function* inputs(count: number) {
  let seed = 7;
  const next = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % n;
  };
  const times = [
    '2026-11-25T10:00:00Z',
    '2026-11-25T10:00:00.000000001Z',
    '2026-11-25T10:00:00.5Z',
    '2026-11-25T11:00:00+01:00', // the same instant as the first
    '2026-11-24T23:59:59Z',
    '1970-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
  ];
  const strings = ['', 'Oplyst', 'Afsluttet', 'a', 'b', 'citizen_consent', 'vital_interest', 'é'];
  for (let k = 0; k < count; k++) {
    yield {
      a: parseTimestamp(times[next(times.length)]!)!,
      b: parseTimestamp(times[next(times.length)]!)!,
      c: parseTimestamp(times[next(times.length)]!)!,
      s: strings[next(strings.length)]!,
      t: strings[next(strings.length)]!,
      flag: next(2) === 1,
    };
  }
}

describe('conditions without the interpreter (fast-path.ts)', () => {
  const EXPRESSIONS = [
    'a <= b && b < c',
    'a < b || a > b',
    'a >= b',
    'a == b || a != c',
    's in ["Opstaaet", "Oplyst", "Afgjort"]',
    '!(s in ["a", "b"]) && t != s',
    '"Oplyst" == s || t == "é"',
    'flag && a < b || !flag && s == t',
  ];
  for (const expression of EXPRESSIONS) {
    it(`answers as CEL does: ${expression}`, () => {
      const { fast, cel } = both(expression);
      expect(fast).toBeDefined();
      let trues = 0;
      for (const bindings of inputs(400)) {
        const answer = fast!(bindings);
        expect(
          answer,
          JSON.stringify(bindings, (_, v) => (typeof v === 'bigint' ? String(v) : v)),
        ).toBe(cel(bindings));
        if (answer) trues++;
      }
      // Not vacuous: both answers occur.
      expect(trues).toBeGreaterThan(0);
      expect(trues).toBeLessThan(400);
    });
  }

  it('leaves to the interpreter what it does not know: string order, ints, functions, typed literals', () => {
    for (const expression of [
      's < t',
      'i > 0',
      's.startsWith("a")',
      'a < timestamp("2026-01-01T00:00:00Z")',
      'size(s) == 1',
    ]) {
      expect(fastProgram(parse(expression).expr, TYPES), expression).toBeUndefined();
    }
  });

  it('hands a timestamp outside CEL’s range back to the interpreter', () => {
    const { fast } = both('a < b');
    expect(
      fast!({ a: parseTimestamp('0000-01-01T00:00:00Z')!, b: parseTimestamp('2026-01-01T00:00:00Z')! }),
    ).toBeUndefined();
  });

  it('takes every condition of the HOI model (openfga/model/model.fga)', () => {
    const dsl = readFileSync(new URL('../../../openfga/model/model.fga', import.meta.url), 'utf8');
    const model = transformer.transformDSLToJSONObject(dsl);
    const conditions = Object.values(model.conditions ?? {});
    expect(conditions.length).toBeGreaterThanOrEqual(6);
    for (const condition of conditions) {
      const types = new Map(
        Object.entries(condition.parameters ?? {}).map(([name, p]) => [
          name,
          p.type_name === 'TYPE_NAME_TIMESTAMP' ? TIMESTAMP : STRING,
        ]),
      );
      expect(fastProgram(parse(condition.expression).expr, types), condition.name).toBeDefined();
    }
  });
});
