import {
  BOOL,
  BYTES,
  DOUBLE,
  DURATION,
  DYN,
  INT,
  IPADDRESS,
  isDynamic,
  listOf,
  mapOf,
  STRING,
  type StaticType,
  TIMESTAMP,
  TYPE,
  UINT,
} from './static-types.ts';

/**
 * The functions a condition may call: CEL's standard library as cel-go declares
 * it (without cross-type numeric comparisons, which OpenFGA leaves off) plus
 * OpenFGA's `ipaddress(string)` and `IPAddress.in_cidr(string)`. Names missing
 * here are undeclared, as in OpenFGA, even where @bufbuild/cel has them.
 * `&&`, `||`, `!`, `==`, `!=`, `in`, `[]` and `?:` are typed in type-check.ts.
 */

interface Signature {
  /** The receiver of a method call (`s.startsWith(…)`); absent for global functions. */
  readonly target?: StaticType;
  readonly args: readonly StaticType[];
  readonly result: StaticType;
}

const ANY_LIST = listOf(DYN);
const ANY_MAP = mapOf(DYN, DYN);
const ORDERED = [INT, UINT, DOUBLE, STRING, BYTES, BOOL, TIMESTAMP, DURATION];
const NUMERIC = [INT, UINT, DOUBLE];

const global = (args: readonly StaticType[], result: StaticType): Signature => ({ args, result });
const method = (target: StaticType, args: readonly StaticType[], result: StaticType): Signature => ({
  target,
  args,
  result,
});
const sameTyped = (types: readonly StaticType[], result?: StaticType) =>
  types.map((type) => global([type, type], result ?? type));
const conversions = (from: readonly StaticType[], result: StaticType) =>
  from.map((type) => global([type], result));
const timeGetter = (onDurations: boolean) => [
  method(TIMESTAMP, [], INT),
  method(TIMESTAMP, [STRING], INT),
  ...(onDurations ? [method(DURATION, [], INT)] : []),
];

const relational = sameTyped(ORDERED, BOOL);

export const FUNCTIONS: ReadonlyMap<string, readonly Signature[]> = new Map([
  ['_<_', relational],
  ['_<=_', relational],
  ['_>_', relational],
  ['_>=_', relational],
  [
    '_+_',
    [
      ...sameTyped([...NUMERIC, STRING, BYTES, DURATION]),
      global([ANY_LIST, ANY_LIST], ANY_LIST),
      global([TIMESTAMP, DURATION], TIMESTAMP),
      global([DURATION, TIMESTAMP], TIMESTAMP),
    ],
  ],
  [
    '_-_',
    [
      ...sameTyped([...NUMERIC, DURATION]),
      global([TIMESTAMP, TIMESTAMP], DURATION),
      global([TIMESTAMP, DURATION], TIMESTAMP),
    ],
  ],
  ['_*_', sameTyped(NUMERIC)],
  ['_/_', sameTyped(NUMERIC)],
  ['_%_', sameTyped([INT, UINT])],
  ['-_', [global([INT], INT), global([DOUBLE], DOUBLE)]],
  [
    'size',
    [STRING, BYTES, ANY_LIST, ANY_MAP].flatMap((type) => [global([type], INT), method(type, [], INT)]),
  ],
  ['contains', [method(STRING, [STRING], BOOL)]],
  ['startsWith', [method(STRING, [STRING], BOOL)]],
  ['endsWith', [method(STRING, [STRING], BOOL)]],
  ['matches', [method(STRING, [STRING], BOOL), global([STRING, STRING], BOOL)]],
  ['int', conversions([INT, UINT, DOUBLE, STRING, TIMESTAMP], INT)],
  ['uint', conversions([INT, UINT, DOUBLE, STRING], UINT)],
  ['double', conversions([INT, UINT, DOUBLE, STRING], DOUBLE)],
  ['string', conversions([INT, UINT, DOUBLE, STRING, BYTES, BOOL, TIMESTAMP, DURATION], STRING)],
  ['bytes', conversions([STRING, BYTES], BYTES)],
  ['bool', conversions([STRING, BOOL], BOOL)],
  ['timestamp', conversions([STRING, INT, TIMESTAMP], TIMESTAMP)],
  ['duration', conversions([STRING, DURATION], DURATION)],
  ['dyn', [global([DYN], DYN)]],
  ['type', [global([DYN], TYPE)]],
  ...['getFullYear', 'getMonth', 'getDayOfYear', 'getDayOfMonth', 'getDate', 'getDayOfWeek'].map(
    (name) => [name, timeGetter(false)] as const,
  ),
  ...['getHours', 'getMinutes', 'getSeconds', 'getMilliseconds'].map(
    (name) => [name, timeGetter(true)] as const,
  ),
  ['ipaddress', [global([STRING], IPADDRESS)]],
  ['in_cidr', [method(IPADDRESS, [STRING], BOOL)]],
]);

/**
 * The result type of calling `name` with these operand types, or undefined when
 * no overload accepts them. A `dyn` operand matches every overload, so the
 * result is `dyn` unless all matching overloads agree.
 */
export function resolveCall(
  signatures: readonly Signature[],
  target: StaticType | undefined,
  args: readonly StaticType[],
): StaticType | undefined {
  const results = signatures
    .filter(
      (signature) =>
        (signature.target === undefined) === (target === undefined) &&
        signature.args.length === args.length &&
        (target === undefined || accepts(signature.target!, target)) &&
        args.every((arg, index) => accepts(signature.args[index]!, arg)),
    )
    .map((signature) => signature.result);
  const [first] = results;
  if (first === undefined) return undefined;
  return results.every((result) => result.kind === first.kind) ? first : DYN;
}

function accepts(parameter: StaticType, argument: StaticType): boolean {
  return isDynamic(parameter) || isDynamic(argument) || parameter.kind === argument.kind;
}
