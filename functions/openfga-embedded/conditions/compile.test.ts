import { describe, expect, it } from 'vitest';
import { expectAuthzError } from '../../testing/expect-authz-error.ts';
import type { ConditionParameterType } from './contract.ts';
import { compileConditions } from './index.ts';

// Every case below was tried on an OpenFGA v1.18.3 server, which accepted the
// model or refused it; compileConditions does the same, refusing with code
// validation_error and a message in cel-go's words.

/** `int`, `list<string>`, `map<int>`, `any`, … as in the DSL. */
function typeRef(spec: string): ConditionParameterType {
  const generic = /^(list|map)<(.+)>$/.exec(spec);
  if (generic)
    return { type_name: `TYPE_NAME_${generic[1]!.toUpperCase()}`, generic_types: [typeRef(generic[2]!)] };
  return { type_name: `TYPE_NAME_${spec.toUpperCase()}` };
}

function compileOne(parameters: Record<string, string>, expression: string) {
  const typed = Object.fromEntries(Object.entries(parameters).map(([name, spec]) => [name, typeRef(spec)]));
  return compileConditions({ cond: { name: 'cond', expression, parameters: typed } }).get('cond')!;
}

const compileError = expectAuthzError;

describe('compileConditions', () => {
  it('compiles each condition of a model, keyed by name', () => {
    const compiled = compileConditions({
      x_less_than: { name: 'x_less_than', expression: 'x < 100', parameters: { x: typeRef('int') } },
      str_cond: { name: 'str_cond', expression: 's == "hello"', parameters: { s: typeRef('string') } },
    });
    expect([...compiled.keys()]).toEqual(['x_less_than', 'str_cond']);
    expect(compiled.get('str_cond')!.name).toBe('str_cond');
    expect(compiled.get('x_less_than')!.evaluate(undefined, { x: 10 }).satisfied).toBe(true);
  });

  it.each([
    [{ x: 'int' }, '[1,2].map(v, v * x).size() > 0'],
    [{ x: 'bool' }, 'x'],
    [{}, 'true'],
    [{ x: 'int' }, 'type(x) == int'],
    [{ x: 'int' }, 'int("1") == x && -x < 0'],
    [{ x: 'int' }, 'dyn(x) == "a"'],
    [{ x: 'int' }, 'x in [1, 2]'],
    [{ m: 'map<int>' }, 'has(m.y) && m.y > 1'],
    [{ m: 'map<bool>' }, 'm.k'],
    [{ ip: 'ipaddress' }, 'ip == ipaddress("1.2.3.4") && ip != null'],
    [{ t: 'timestamp' }, 't - t > duration("1h") && int(t) > 1'],
    [{ d: 'duration' }, 'd == null || d.getHours() > 1'],
    [{ s: 'string' }, 's.size() > 1 && matches(s, "x")'],
    [{ l: 'list<int>' }, 'l == [1] && l.map(x, x * 2)[0] == 2 && l.filter(x, x > 1).size() == 1'],
    [{ a: 'any' }, 'a == 1 || a == "x" || a > 1 || a.b == 1'],
    [{ a: 'int' }, '[1, "a"].size() > a && {"a": 1, "b": "x"}.size() > a && {1: 1}[1] == a'],
  ])('accepts %j %s', (parameters, expression) => {
    expect(() => compileOne(parameters, expression)).not.toThrow();
  });

  it.each([
    [{ x: 'int' }, 'x == "a"', "found no matching overload for '_==_' applied to '(int, string)'"],
    [{ x: 'int' }, 'x == 1.0', "found no matching overload for '_==_' applied to '(int, double)'"],
    [{ x: 'int' }, 'x < 1.5', "found no matching overload for '_<_' applied to '(int, double)'"],
    [{ x: 'int' }, 'x < 1u', "found no matching overload for '_<_' applied to '(int, uint)'"],
    [{ x: 'int' }, 'x == null', "found no matching overload for '_==_' applied to '(int, null_type)'"],
    [{ x: 'int' }, 'y > 1', "undeclared reference to 'y'"],
    [{ x: 'int' }, 'foo(x)', "undeclared reference to 'foo'"],
    [{ x: 'int' }, 'math.greatest(x, 1) > 1', "undeclared reference to 'math'"],
    [{ s: 'string' }, 's.indexOf("a") == 0', "undeclared reference to 'indexOf'"],
    [{ x: 'int' }, 'has(x.y)', "type 'int' does not support field selection"],
    [{ t: 'timestamp' }, 't.seconds > 1', "type 'timestamp' does not support field selection"],
    [{ ip: 'ipaddress' }, 'ip.octets == b""', "type 'IPAddress' does not support field selection"],
    [
      { ip: 'ipaddress' },
      'string(ip) == "1.2.3.4"',
      "found no matching overload for 'string' applied to '(IPAddress)'",
    ],
    [{ ip: 'ipaddress' }, 'ip < ipaddress("1.2.3.4")', "'_<_' applied to '(IPAddress, IPAddress)'"],
    [{ t: 'timestamp' }, 't < "2020"', "'_<_' applied to '(timestamp, string)'"],
    [{ m: 'map<int>' }, 'm["y"] == "a"', "'_==_' applied to '(int, string)'"],
    [{ l: 'list<string>' }, 'l[0] == 1', "'_==_' applied to '(string, int)'"],
    [{ l: 'list<string>' }, 'l.exists(e, e == 1)', "'_==_' applied to '(string, int)'"],
    [{ l: 'list<int>' }, 'l == ["a"]', "'_==_' applied to '(list(int), list(string))'"],
    [{ x: 'int' }, 'x in ["a"]', "'@in' applied to '(int, list(string))'"],
    [{ x: 'int' }, 'x in 1', "'@in' applied to '(int, int)'"],
    [{ x: 'int' }, 'x > 1 ? true : 1', "'_?_:_' applied to '(bool, bool, int)'"],
    [{ x: 'int' }, 'x > 1 && 2', "expected type 'bool' but found 'int'"],
    [{ x: 'int' }, 'x == 1 || x', "expected type 'bool' but found 'int'"],
    [{ x: 'int' }, '!x', "expected type 'bool' but found 'int'"],
    [{ x: 'double' }, 'x + 1 > 2.0', "'_+_' applied to '(double, int)'"],
    [{ s: 'string' }, 'size(s) > 1u', "'_>_' applied to '(int, uint)'"],
    [{ a: 'int' }, 'a == null_type', "'_==_' applied to '(int, type)'"],
    [{ x: 'int' }, '[?x].size() > 0', 'syntax error'], // optional syntax is off in OpenFGA
  ])('refuses %j %s: %s', (parameters, expression, message) => {
    const error = compileError(() => compileOne(parameters, expression));
    expect(error.code).toBe('validation_error');
    expect(error.message).toContain(message);
  });

  it.each([
    [{ x: 'int' }, 'x + 1', "'int'"],
    [{ x: 'string' }, 'x', "'string'"],
    [{ a: 'any' }, 'a', "'google.protobuf.Any'"],
    [{ a: 'any' }, 'dyn(a)', "'dyn'"],
    [{ x: 'int' }, 'dyn(x > 1)', "'dyn'"],
    [{ x: 'int' }, 'x > 1 ? "a" : "b"', "'string'"],
    [{ x: 'int' }, 'x == 1 ? null : null', "'null_type'"],
  ])('refuses %j %s, which is not bool but %s', (parameters, expression, type) => {
    const error = compileError(() => compileOne(parameters, expression));
    expect(error.message).toBe(`condition 'cond' is invalid: expected a bool expression, but it is ${type}`);
  });

  it('refuses a regular expression literal that does not compile, as cel-go does when planning', () => {
    expect(compileError(() => compileOne({ s: 'string' }, 's.matches("[")')).message).toContain(
      'a regular expression does not compile',
    );
  });

  it('refuses a syntax error', () => {
    expect(compileError(() => compileOne({ x: 'int' }, 'x <')).message).toContain('syntax error');
    expect(compileError(() => compileOne({}, '')).code).toBe('validation_error');
  });

  it.each([
    [{ type_name: 'TYPE_NAME_BYTES' }, "has the unknown type 'TYPE_NAME_BYTES'"],
    [{ type_name: 'TYPE_NAME_UNSPECIFIED' }, "has the unknown type 'TYPE_NAME_UNSPECIFIED'"],
    [{ type_name: 'TYPE_NAME_TOSTRING' }, "has the unknown type 'TYPE_NAME_TOSTRING'"],
    [{ type_name: 'TYPE_NAME_LIST' }, "has the type 'TYPE_NAME_LIST', which takes 1 generic types"],
    [
      { type_name: 'TYPE_NAME_MAP', generic_types: [typeRef('string'), typeRef('int')] },
      "has the type 'TYPE_NAME_MAP', which takes 1 generic types",
    ],
    [
      { type_name: 'TYPE_NAME_INT', generic_types: [typeRef('int')] },
      "has the type 'TYPE_NAME_INT', which takes 0 generic types",
    ],
    [
      { type_name: 'TYPE_NAME_LIST', generic_types: [typeRef('bytes')] },
      "has the unknown type 'TYPE_NAME_BYTES'",
    ],
  ])('refuses the parameter type %j', (ref, message) => {
    const error = compileError(() =>
      compileConditions({ cond: { name: 'cond', expression: 'true', parameters: { p: ref } } }),
    );
    expect(error.code).toBe('validation_error');
    expect(error.message).toContain(`parameter 'p' ${message}`);
  });
});
