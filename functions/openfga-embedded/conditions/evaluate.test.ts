import { transformer } from '@openfga/syntax-transformer';
import { describe, expect, it } from 'vitest';
import { expectAuthzError } from '../../testing/expect-authz-error.ts';
import { compileConditions } from './index.ts';

// Expressions come from the shared OpenFGA conformance data (sample stores
// condition-data-types, temporal-access, groups-resource-attributes,
// ip-based-access) and are compiled from DSL as a model file would be.

function compileDsl(conditions: string) {
  const model = transformer.transformDSLToJSONObject(`model\n  schema 1.1\ntype user\n${conditions}`);
  return compileConditions(model.conditions ?? {});
}

function conditionFrom(dsl: string) {
  const [condition] = compileDsl(dsl).values();
  return (context: Record<string, unknown>) => condition!.evaluate(undefined, context).satisfied;
}

const evaluationError = expectAuthzError;

describe('every parameter type', () => {
  const conditions = compileDsl(`
condition is_valid_string(_string:string) {
  _string != "" && _string.startsWith("1") && _string.endsWith("1") && _string.contains("1") && _string.matches("[0-9]")
}
condition is_valid_int(_int:int) { _int != 0 && _int > 0 }
condition is_valid_uint(_uint: uint) { _uint != 0u && _uint > 0u }
condition is_valid_double(_double: double) { _double != 0.0 && _double > 0.0 }
condition is_valid_bool(_bool: bool) { _bool }
condition is_valid_duration(_duration :duration) {
  _duration != null && _duration != duration("0s") && _duration > duration("0s")
}
condition is_valid_timestamp(_timestamp: timestamp) {
  _timestamp != null && _timestamp != timestamp("2019-01-01T00:00:00Z") && _timestamp > timestamp("2019-01-01T00:00:00Z")
}
condition is_valid_map_string(_mapstring: map<string>) {
  "key" in _mapstring && _mapstring["key"] != ""  && _mapstring["key"] > ""
}
condition is_valid_list_string(_liststring : list<string>) {
  "1" in _liststring && _liststring[0] != "" && _liststring[0] > "" && _liststring.exists(x, x > "") && _liststring.exists_one(x, x > "") && _liststring.all(x, x > "")
}
condition is_valid_ipaddress(_ipaddress: ipaddress) {
  _ipaddress != null &&  _ipaddress != ipaddress("192.0.0.1")
}
`);

  it.each([
    ['is_valid_string', { _string: '1' }, true],
    ['is_valid_string', { _string: '12' }, false],
    ['is_valid_int', { _int: 1 }, true],
    ['is_valid_int', { _int: '7' }, true],
    ['is_valid_int', { _int: -1 }, false],
    ['is_valid_uint', { _uint: 1 }, true],
    ['is_valid_uint', { _uint: '18446744073709551615' }, true],
    ['is_valid_uint', { _uint: 0 }, false],
    ['is_valid_double', { _double: 1 }, true],
    ['is_valid_double', { _double: '0.5' }, true],
    ['is_valid_double', { _double: -1.797_693_134_862_315_7e308 }, false],
    ['is_valid_bool', { _bool: true }, true],
    ['is_valid_bool', { _bool: false }, false],
    ['is_valid_duration', { _duration: '10s' }, true],
    ['is_valid_duration', { _duration: '0' }, false],
    ['is_valid_timestamp', { _timestamp: '2019-02-01T00:00:00Z' }, true],
    ['is_valid_timestamp', { _timestamp: '2019-01-01T01:00:00+01:00' }, false],
    ['is_valid_map_string', { _mapstring: { key: '1' } }, true],
    ['is_valid_map_string', { _mapstring: { other: '1' } }, false],
    ['is_valid_list_string', { _liststring: ['1'] }, true],
    ['is_valid_list_string', { _liststring: ['1', '2'] }, false],
    ['is_valid_ipaddress', { _ipaddress: '192.168.0.1' }, true],
    ['is_valid_ipaddress', { _ipaddress: '::ffff:192.0.0.1' }, false],
  ])('%s with %j is %s', (name, context, expected) => {
    expect(conditions.get(name)!.evaluate(undefined, context)).toEqual({
      satisfied: expected,
      missingParameters: [],
    });
  });

  it('passes `any` values through as JSON, where numbers are doubles', () => {
    const condition = compileConditions({
      cond: {
        name: 'cond',
        expression: 'a == 1 && m["k"] == "v" && l[1] == 2.5',
        parameters: {
          a: { type_name: 'TYPE_NAME_ANY' },
          m: { type_name: 'TYPE_NAME_MAP', generic_types: [{ type_name: 'TYPE_NAME_ANY' }] },
          l: { type_name: 'TYPE_NAME_LIST', generic_types: [{ type_name: 'TYPE_NAME_ANY' }] },
        },
      },
    }).get('cond')!;
    expect(condition.evaluate(undefined, { a: 1, m: { k: 'v' }, l: [true, 2.5] }).satisfied).toBe(true);
    expect(condition.evaluate(undefined, { a: '1', m: { k: 'v' }, l: [true, 2.5] }).satisfied).toBe(false);
  });
});

describe('CEL features in conditions', () => {
  it('adds a duration to a timestamp (temporal-access)', () => {
    const temporalAccess = conditionFrom(`
condition temporal_access(grant_time: timestamp, grant_duration: duration, current_time: timestamp) {
   current_time < grant_time + grant_duration
}`);
    const grant = { grant_time: '2023-01-01T00:00:00Z', grant_duration: '1h' };
    expect(temporalAccess({ ...grant, current_time: '2023-01-01T00:59:59Z' })).toBe(true);
    expect(temporalAccess({ ...grant, current_time: '2023-01-01T01:00:00Z' })).toBe(false);
    expect(temporalAccess({ ...grant, current_time: '2023-01-01T01:30:00+01:00' })).toBe(true);
  });

  it('subtracts timestamps into durations and reads time fields', () => {
    const withinHour = conditionFrom(`
condition within(start: timestamp, now: timestamp) {
  now - start <= duration("1h") && now.getHours() == 10 && now.getDayOfWeek() == 3
}`);
    expect(withinHour({ start: '2023-10-11T09:30:00Z', now: '2023-10-11T10:00:00Z' })).toBe(true);
    expect(withinHour({ start: '2023-10-11T08:30:00Z', now: '2023-10-11T10:00:00Z' })).toBe(false);
  });

  it('runs the in, exists, exists_one, all, map and filter macros', () => {
    const macros = conditionFrom(`
condition macros(roles: list<string>, limits: list<int>) {
  "admin" in roles && roles.exists(r, r.startsWith("a")) && roles.exists_one(r, r == "admin") && limits.all(l, l > 0) && limits.map(l, l * 2)[0] == 2 && limits.filter(l, l > 1).size() == 1
}`);
    expect(macros({ roles: ['admin', 'reader'], limits: [1, 2] })).toBe(true);
    expect(macros({ roles: ['admin', 'admin'], limits: [1, 2] })).toBe(false);
    expect(macros({ roles: ['admin'], limits: [1, 0] })).toBe(false);
    expect(macros({ roles: ['reader'], limits: [1, 2] })).toBe(false);
  });

  it('runs the string methods, with RE2 regular expressions', () => {
    const strings = conditionFrom(`
condition strings(s: string, pattern: string) {
  s.startsWith("ab") && s.endsWith("yz") && s.contains("mn") && s.matches(pattern)
}`);
    expect(strings({ s: 'ab-mn-yz', pattern: '^ab-[a-z]+-yz$' })).toBe(true);
    expect(strings({ s: 'ab-mn-yz', pattern: '(?i)MN' })).toBe(true);
    expect(strings({ s: 'ab-mn-yz', pattern: '^mn' })).toBe(false);
    expect(strings({ s: 'ab-xx-yz', pattern: '.' })).toBe(false);
    // RE2 has no lookahead; OpenFGA refuses such a pattern at evaluation.
    expect(evaluationError(() => strings({ s: 'ab-mn-yz', pattern: 'a(?=b)' })).code).toBe(
      'validation_error',
    );
    expect(evaluationError(() => strings({ s: 'ab-mn-yz', pattern: '[' })).code).toBe('validation_error');
  });

  it('compares with typed literals: 0u, duration("0s"), timestamp("…"), ipaddress("…")', () => {
    const literals = conditionFrom(`
condition literals(u: uint, d: duration, t: timestamp, ip: ipaddress) {
  u > 0u && d > duration("0s") && t < timestamp("2023-10-11T10:00:00.000Z") && ip == ipaddress("2001:db8::1")
}`);
    const context = { u: 1, d: '1ms', t: '2023-10-11T09:59:59Z', ip: '2001:DB8:0::1' };
    expect(literals(context)).toBe(true);
    expect(literals({ ...context, u: 0 })).toBe(false);
    expect(literals({ ...context, ip: '2001:db8::2' })).toBe(false);
  });

  it('compares timestamps, durations and IP addresses with null', () => {
    const nulls = conditionFrom(`
condition nulls(d: duration, t: timestamp, ip: ipaddress) {
  d != null && t != null && ip != null && !(d == null || t == null || ip == null)
}`);
    expect(nulls({ d: '1s', t: '2023-10-11T10:00:00Z', ip: '10.0.0.1' })).toBe(true);
  });

  it('looks a map value up in a list (groups-resource-attributes)', () => {
    const docViewer = conditionFrom(`
condition doc_viewer_condition(document_attributes: map<string>, allowed_statuses: list<string>) {
  document_attributes["status"] in allowed_statuses
}`);
    expect(
      docViewer({ document_attributes: { status: 'draft' }, allowed_statuses: ['draft', 'published'] }),
    ).toBe(true);
    expect(docViewer({ document_attributes: { status: 'archived' }, allowed_statuses: ['draft'] })).toBe(
      false,
    );
    // A missing key is an evaluation error in CEL, and so in OpenFGA.
    expect(evaluationError(() => docViewer({ document_attributes: {}, allowed_statuses: [] })).code).toBe(
      'validation_error',
    );
  });
});

describe('ipaddress and in_cidr', () => {
  const inCompanyNetwork = conditionFrom(`
condition in_company_network(user_ip: ipaddress, cidr: string) {
  user_ip.in_cidr(cidr)
}`);

  it.each([
    ['192.168.0.1', '192.168.0.0/24', true],
    ['192.168.1.1', '192.168.0.0/24', false],
    ['2001:db8::1', '2001:db8::/32', true],
    ['2001:db9::1', '2001:db8::/32', false],
    ['::ffff:10.1.2.3', '10.0.0.0/8', true],
    ['10.1.2.3', '::/0', false],
    ['fe80::1%eth0', 'fe80::/10', false],
  ])('%s in %s is %s', (user_ip, cidr, expected) => {
    expect(inCompanyNetwork({ user_ip, cidr })).toBe(expected);
  });

  it('refuses an invalid address in the context and an invalid CIDR at evaluation', () => {
    const badAddress = evaluationError(() =>
      inCompanyNetwork({ user_ip: '192.168.0.256', cidr: '192.168.0.0/24' }),
    );
    expect(badAddress.message).toBe(
      "condition 'in_company_network': parameter 'user_ip' must be an IP address string",
    );
    const badCidr = evaluationError(() =>
      inCompanyNetwork({ user_ip: '192.168.0.1', cidr: '192.168.0.0/33' }),
    );
    expect(badCidr.message).toBe("condition 'in_company_network' could not be evaluated");
    expect(badCidr.code).toBe('validation_error');
  });

  it('refuses an invalid ipaddress() argument at evaluation', () => {
    const fromString = conditionFrom('condition c(s: string) { ipaddress(s).in_cidr("10.0.0.0/8") }');
    expect(fromString({ s: '10.0.0.1' })).toBe(true);
    expect(evaluationError(() => fromString({ s: 'bad' })).code).toBe('validation_error');
  });
});

describe('evaluation errors', () => {
  it.each([
    ['condition c(x: int) { x + 1 > 0 }', { x: '9223372036854775807' }],
    ['condition c(x: int) { 10 / x > 1 }', { x: 0 }],
    ['condition c(l: list<string>) { l[5] == "a" }', { l: ['a'] }],
    ['condition c(t: timestamp) { t + duration("1h") > t }', { t: '9999-12-31T23:30:00Z' }],
  ])('%s with %j is a validation_error', (dsl, context) => {
    const condition = conditionFrom(dsl);
    const error = evaluationError(() => condition(context));
    expect(error.code).toBe('validation_error');
    expect(error.numericCode).toBe(2000);
  });
});
