import { transformer } from '@openfga/syntax-transformer';
import { describe, expect, it } from 'vitest';
import { expectAuthzError } from '../../testing/expect-authz-error.ts';
import { compileConditions } from './index.ts';

// How the tuple's stored context and the request context combine, follows
// OpenFGA: internal/condition/eval/eval.go passes [request, tuple] to
// EvaluableCondition.Evaluate (internal/condition/condition.go), where "the
// overlapping key for the last most context wins"; a declared parameter
// absent from the merged context is a missing parameter, which Check turns
// into error 2000. Each case was also run on an OpenFGA v1.18.3 server.

function compileOne(conditionDsl: string) {
  const model = transformer.transformDSLToJSONObject(`model\n  schema 1.1\ntype user\n${conditionDsl}`);
  const [condition] = compileConditions(model.conditions ?? {}).values();
  return condition!;
}

const evaluationError = expectAuthzError;

describe('tuple and request context', () => {
  const condxy = compileOne('condition condxy(x: int, y: int) { x < 100 || y < 50 }');
  const xLessThan = compileOne('condition x_less_than(x: int) { x < 100 }');

  it("lets the tuple's context win over the request's on a shared key", () => {
    expect(xLessThan.evaluate({ x: 10 }, { x: 1000 })).toEqual({ satisfied: true, missingParameters: [] });
    expect(xLessThan.evaluate({ x: 1000 }, { x: 10 })).toEqual({ satisfied: false, missingParameters: [] });
    expect(condxy.evaluate({ y: 1 }, { x: 101, y: 60 }).satisfied).toBe(true);
  });

  it('merges keys from both contexts (ip-based-access: cidr on the tuple, user_ip on the request)', () => {
    const inNetwork = compileOne('condition c(user_ip: ipaddress, cidr: string) { user_ip.in_cidr(cidr) }');
    expect(inNetwork.evaluate({ cidr: '192.168.0.0/24' }, { user_ip: '192.168.0.1' }).satisfied).toBe(true);
    expect(inNetwork.evaluate({ cidr: '192.168.0.0/24' }, { user_ip: '192.168.1.1' }).satisfied).toBe(false);
  });

  it('ignores context keys that are not parameters', () => {
    expect(xLessThan.evaluate({ note: 'kept' }, { x: 10, y: 'not a number', current_time: 'x' })).toEqual({
      satisfied: true,
      missingParameters: [],
    });
  });

  it('reads only own keys: a parameter named like an Object method is missing, not a function', () => {
    const namedLikeMethod = compileConditions({
      c: {
        name: 'c',
        expression: 'toString == "a"',
        parameters: { toString: { type_name: 'TYPE_NAME_STRING' } },
      },
    }).get('c')!;
    expect(namedLikeMethod.evaluate({}, {})).toEqual({ satisfied: false, missingParameters: ['toString'] });
  });
});

describe('missing parameters', () => {
  const condxy = compileOne('condition condxy(x: int, y: int) { x < 100 || y < 50 }');

  it('reports every declared parameter absent from both contexts, in declaration order, and is not satisfied', () => {
    expect(condxy.evaluate(undefined, undefined)).toEqual({
      satisfied: false,
      missingParameters: ['x', 'y'],
    });
    expect(condxy.evaluate({}, { y: 10 })).toEqual({ satisfied: false, missingParameters: ['x'] });
  });

  it('reports a missing parameter even when the rest already decides the expression', () => {
    // OpenFGA's partial evaluation would find x < 100 true here; its Check still fails with 2000.
    expect(condxy.evaluate(undefined, { x: 10 })).toEqual({ satisfied: false, missingParameters: ['y'] });
  });

  it('reports a declared parameter the expression does not use', () => {
    const unused = compileOne('condition c(x: int, spare: string) { x < 100 }');
    expect(unused.evaluate(undefined, { x: 10 })).toEqual({ satisfied: false, missingParameters: ['spare'] });
  });

  it('counts an explicit undefined as absent and null as present (and then of the wrong type)', () => {
    expect(condxy.evaluate({ x: undefined }, { y: 1 }).missingParameters).toEqual(['x']);
    expect(evaluationError(() => condxy.evaluate({ x: null }, { y: 1 })).code).toBe('validation_error');
  });

  it('still refuses a provided value of the wrong type when another parameter is missing', () => {
    expect(evaluationError(() => condxy.evaluate(undefined, { x: 'ten' })).message).toBe(
      "condition 'condxy': parameter 'x' must be an int (a whole number within 64 bits)",
    );
  });

  it('refuses any context for a condition without parameters, as OpenFGA does', () => {
    const always = compileConditions({ always: { name: 'always', expression: 'true' } }).get('always')!;
    expect(always.evaluate(undefined, {})).toEqual({ satisfied: true, missingParameters: [] });
    expect(evaluationError(() => always.evaluate(undefined, { z: 1 })).message).toBe(
      "condition 'always' takes no parameters, but context was given",
    );
  });
});

describe('values of the wrong type', () => {
  const allTypes = compileOne(`
condition all_types(i: int, u: uint, d: double, b: bool, s: string, t: timestamp, du: duration, ip: ipaddress, l: list<int>, m: map<string>) {
  true
}`);
  const valid = {
    i: 1,
    u: 1,
    d: 1.5,
    b: true,
    s: 'a',
    t: '2023-10-11T10:00:00Z',
    du: '1h',
    ip: '10.0.0.1',
    l: [1],
    m: { k: 'v' },
  };

  it('accepts a valid value for every type', () => {
    expect(allTypes.evaluate(undefined, valid)).toEqual({ satisfied: true, missingParameters: [] });
  });

  it.each([
    ['i', 10.5, 'must be an int (a whole number within 64 bits)'],
    ['i', true, 'must be an int (a whole number within 64 bits)'],
    ['u', -10, 'must be a uint (a whole number from 0 to 2^64 - 1)'],
    ['d', 'abc', 'must be a finite double'],
    ['d', Number.POSITIVE_INFINITY, 'must be a finite double'],
    ['d', '1.79769313486231570814527423731704356798070e+309', 'must be a finite double'],
    ['d', '-1.79769313486231570814527423731704356798070e+309', 'must be a finite double'],
    ['b', 'true', 'must be a bool'],
    ['s', 1, 'must be a string'],
    ['s', ['a'], 'must be a string'],
    ['t', '2021-01-01T00:00:00', 'must be an RFC 3339 timestamp string'],
    ['t', 1_697_018_400, 'must be an RFC 3339 timestamp string'],
    ['du', 3600, 'must be a duration string such as "1h30m"'],
    ['du', '1d', 'must be a duration string such as "1h30m"'],
    ['ip', '010.0.0.1', 'must be an IP address string'],
    ['l', '7', 'must be a list'],
    ['l', [1, 7.5], 'has item 1 that must be an int (a whole number within 64 bits)'],
    ['m', [1], 'must be a map (a JSON object)'],
    ['m', { k: 1 }, 'has a value that must be a string'],
  ])('refuses %s = %j as validation_error', (parameter, value, reason) => {
    const error = evaluationError(() => allTypes.evaluate({ [parameter]: value }, valid));
    expect(error.code).toBe('validation_error');
    expect(error.message).toBe(`condition 'all_types': parameter '${parameter}' ${reason}`);
  });

  it('never quotes the value from the request in the error', () => {
    const error = evaluationError(() => allTypes.evaluate(undefined, { ...valid, s: 0, ip: 'secret-0101' }));
    expect(error.message).not.toContain('secret-0101');
  });
});
