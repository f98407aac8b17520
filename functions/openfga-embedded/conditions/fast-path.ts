import type { CelInput, parse } from '@bufbuild/cel';
import type { Timestamp } from '@bufbuild/protobuf/wkt';
import type { StaticType } from './static-types.ts';

type Expr = ReturnType<typeof parse>['expr'];
type Bindings = Readonly<Record<string, CelInput>>;

/**
 * An expression answered without the CEL interpreter, or `undefined` when the
 * answer must come from it after all (a value outside CEL's range).
 */
export type FastProgram = (bindings: Bindings) => boolean | undefined;

// CEL's timestamp range: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z.
const MIN_SECONDS = -62_135_596_800n;
const MAX_SECONDS = 253_402_300_799n;

const ORDER: Readonly<Record<string, (c: number) => boolean>> = {
  '_<_': (c) => c < 0,
  '_<=_': (c) => c <= 0,
  '_>_': (c) => c > 0,
  '_>=_': (c) => c >= 0,
  '_==_': (c) => c === 0,
  '_!=_': (c) => c !== 0,
};

/**
 * Most conditions are a few comparisons of timestamps and strings joined by
 * `&&` and `||` (the HOI model's are all of that kind). Those compile to plain
 * JavaScript here, which gives CEL's answer for them — compared declared
 * parameters cannot fail, so `&&`/`||` are plain logic — without the
 * interpreter's per-call cost. Anything else (other types, functions,
 * macros, literals other than strings) returns undefined: the interpreter
 * runs it. fast-path.test.ts holds every form against the interpreter.
 */
export function fastProgram(
  expr: Expr,
  parameters: ReadonlyMap<string, StaticType>,
): FastProgram | undefined {
  const compiled = bool(expr, parameters);
  if (compiled === undefined) return undefined;
  return (bindings) => {
    try {
      return compiled(bindings);
    } catch (error) {
      if (error instanceof OutOfRange) return undefined;
      throw error;
    }
  };
}

class OutOfRange extends Error {}

type Compiled = (bindings: Bindings) => boolean;

function bool(expr: Expr, parameters: ReadonlyMap<string, StaticType>): Compiled | undefined {
  const kind = expr.exprKind;
  if (kind.case === 'identExpr') {
    const name = kind.value.name;
    return parameters.get(name)?.kind === 'bool' ? (b) => b[name] === true : undefined;
  }
  if (kind.case !== 'callExpr' || kind.value.target !== undefined) return undefined;
  const { function: fn, args } = kind.value;
  if ((fn === '_&&_' || fn === '_||_') && args.length === 2) {
    const left = bool(args[0]!, parameters);
    const right = bool(args[1]!, parameters);
    if (!left || !right) return undefined;
    return fn === '_&&_' ? (b) => left(b) && right(b) : (b) => left(b) || right(b);
  }
  if (fn === '!_' && args.length === 1) {
    const operand = bool(args[0]!, parameters);
    return operand && ((b) => !operand(b));
  }
  if (fn === '@in' && args.length === 2) return stringIn(args[0]!, args[1]!, parameters);
  const order = ORDER[fn];
  if (order && args.length === 2) return comparison(fn, order, args[0]!, args[1]!, parameters);
  return undefined;
}

function comparison(
  fn: string,
  order: (c: number) => boolean,
  left: Expr,
  right: Expr,
  parameters: ReadonlyMap<string, StaticType>,
): Compiled | undefined {
  const a = parameterOf(left, parameters);
  const b = parameterOf(right, parameters);
  if (a && b && a.kind === 'timestamp' && b.kind === 'timestamp') {
    return (x) => order(compareTimestamps(inRange(x[a.name]), inRange(x[b.name])));
  }
  // Strings only for (in)equality: CEL orders strings by code point, JavaScript by UTF-16 unit.
  if (fn !== '_==_' && fn !== '_!=_') return undefined;
  const same = fn === '_==_';
  if (a && b && a.kind === 'string' && b.kind === 'string') {
    return (x) => (x[a.name] === x[b.name]) === same;
  }
  const [ident, literal] = a ? [a, stringConstant(right)] : b ? [b, stringConstant(left)] : [];
  if (ident?.kind === 'string' && literal !== undefined) {
    return (x) => (x[ident.name] === literal) === same;
  }
  return undefined;
}

function stringIn(
  element: Expr,
  list: Expr,
  parameters: ReadonlyMap<string, StaticType>,
): Compiled | undefined {
  const parameter = parameterOf(element, parameters);
  if (parameter?.kind !== 'string' || list.exprKind.case !== 'listExpr') return undefined;
  const values: string[] = [];
  for (const item of list.exprKind.value.elements) {
    const value = stringConstant(item);
    if (value === undefined) return undefined;
    values.push(value);
  }
  const set = new Set(values);
  return (x) => set.has(x[parameter.name] as string);
}

function parameterOf(expr: Expr, parameters: ReadonlyMap<string, StaticType>) {
  if (expr.exprKind.case !== 'identExpr') return undefined;
  const name = expr.exprKind.value.name;
  const type = parameters.get(name);
  return type ? { name, kind: type.kind } : undefined;
}

function stringConstant(expr: Expr): string | undefined {
  if (expr.exprKind.case !== 'constExpr') return undefined;
  const constant = expr.exprKind.value.constantKind;
  return constant.case === 'stringValue' ? constant.value : undefined;
}

function inRange(value: CelInput | undefined): Timestamp {
  const t = value as Timestamp;
  if (t.seconds < MIN_SECONDS || t.seconds > MAX_SECONDS) throw new OutOfRange();
  return t;
}

function compareTimestamps(a: Timestamp, b: Timestamp): number {
  if (a.seconds !== b.seconds) return a.seconds < b.seconds ? -1 : 1;
  return a.nanos === b.nanos ? 0 : a.nanos < b.nanos ? -1 : 1;
}
