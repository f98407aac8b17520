import type { parse } from '@bufbuild/cel';
import { FUNCTIONS, resolveCall } from './overloads.ts';
import {
  BOOL,
  BYTES,
  DOUBLE,
  DURATION,
  DYN,
  formatType,
  INT,
  isDynamic,
  listOf,
  mapOf,
  NULL,
  STRING,
  type StaticType,
  TIMESTAMP,
  TYPE,
  UINT,
  unify,
} from './static-types.ts';

/**
 * The compile-time check cel-go runs when OpenFGA loads a model, which
 * @bufbuild/cel (an evaluator without a public checker) does not: undeclared
 * names, calls no overload accepts (`x == "a"` for an int `x`) and the type of
 * the whole expression. Without it `1 == "a"` would quietly be false at request
 * time instead of failing when the model is written.
 */

type Expr = ReturnType<typeof parse>['expr'];
type Scope = ReadonlyMap<string, StaticType>;

export interface CheckedExpression {
  readonly outputType: StaticType;
  /** Constant `matches` patterns, which cel-go compiles, and rejects, with the program. */
  readonly patterns: readonly string[];
}

export class ExpressionTypeError extends Error {
  override readonly name = 'ExpressionTypeError';
}

// Type names usable as values, as in `type(x) == int`.
const TYPE_NAMES = new Set([
  'int',
  'uint',
  'double',
  'bool',
  'string',
  'bytes',
  'list',
  'map',
  'null_type',
  'type',
]);

export function checkExpression(expr: Expr, parameters: Scope): CheckedExpression {
  const patterns: string[] = [];
  const outputType = typeOf(expr, parameters, patterns);
  return { outputType, patterns };
}

function typeOf(expr: Expr, scope: Scope, patterns: string[]): StaticType {
  const kind = expr.exprKind;
  switch (kind.case) {
    case 'constExpr':
      return constantType(kind.value.constantKind.case);
    case 'identExpr': {
      const type = scope.get(kind.value.name) ?? (TYPE_NAMES.has(kind.value.name) ? TYPE : undefined);
      if (type === undefined) throw new ExpressionTypeError(`undeclared reference to '${kind.value.name}'`);
      return type;
    }
    case 'selectExpr': {
      const operand = typeOf(kind.value.operand!, scope, patterns);
      const field = fieldType(operand);
      return kind.value.testOnly ? BOOL : field;
    }
    case 'callExpr': {
      const { function: name, target, args } = kind.value;
      const targetType = target && typeOf(target, scope, patterns);
      const argTypes = args.map((arg) => typeOf(arg, scope, patterns));
      const pattern = args.at(-1)?.exprKind;
      if (name === 'matches' && pattern?.case === 'constExpr') {
        const constant = pattern.value.constantKind;
        if (constant.case === 'stringValue') patterns.push(constant.value);
      }
      return callType(name, targetType, argTypes);
    }
    case 'listExpr': {
      if (kind.value.optionalIndices.length > 0) throw new ExpressionTypeError("unsupported syntax '?'");
      return listOf(unifyAll(kind.value.elements.map((element) => typeOf(element, scope, patterns))));
    }
    case 'structExpr': {
      if (kind.value.messageName !== '')
        throw new ExpressionTypeError('message construction is not supported');
      const keys: StaticType[] = [];
      const values: StaticType[] = [];
      for (const entry of kind.value.entries) {
        if (entry.optionalEntry || entry.keyKind.case !== 'mapKey') {
          throw new ExpressionTypeError("unsupported syntax '?'");
        }
        keys.push(typeOf(entry.keyKind.value, scope, patterns));
        values.push(typeOf(entry.value!, scope, patterns));
      }
      return mapOf(unifyAll(keys), unifyAll(values));
    }
    case 'comprehensionExpr': {
      const c = kind.value;
      if (c.iterVar2 !== '') throw new ExpressionTypeError('two-variable comprehensions are not supported');
      const range = typeOf(c.iterRange!, scope, patterns);
      const element = memberType(range);
      if (element === undefined) {
        throw new ExpressionTypeError(
          `expression of type '${formatType(range)}' cannot be the range of a comprehension`,
        );
      }
      const initial = typeOf(c.accuInit!, scope, patterns);
      const loop = (accu: StaticType) => new Map([...scope, [c.iterVar, element], [c.accuVar, accu]]);
      const step = typeOf(c.loopStep!, loop(initial), patterns);
      // `map` and `filter` start from `[]`; the step tells the element type.
      const accu = unify(initial, step) ?? DYN;
      typeOf(c.loopCondition!, loop(accu), patterns);
      return typeOf(c.result!, new Map([...scope, [c.accuVar, accu]]), patterns);
    }
    default:
      throw new ExpressionTypeError('unsupported expression');
  }
}

function constantType(kind: string | undefined): StaticType {
  const types: Record<string, StaticType> = {
    nullValue: NULL,
    boolValue: BOOL,
    int64Value: INT,
    uint64Value: UINT,
    doubleValue: DOUBLE,
    stringValue: STRING,
    bytesValue: BYTES,
    durationValue: DURATION,
    timestampValue: TIMESTAMP,
  };
  const type = kind === undefined ? undefined : types[kind];
  if (type === undefined) throw new ExpressionTypeError('unsupported constant');
  return type;
}

function fieldType(operand: StaticType): StaticType {
  if (isDynamic(operand)) return DYN;
  if (operand.kind === 'map' && (isDynamic(operand.key) || operand.key.kind === 'string'))
    return operand.value;
  throw new ExpressionTypeError(`type '${formatType(operand)}' does not support field selection`);
}

function callType(name: string, target: StaticType | undefined, args: readonly StaticType[]): StaticType {
  const noOverload = () =>
    new ExpressionTypeError(
      `found no matching overload for '${name}' applied to '${target ? `${formatType(target)}.` : ''}(${args.map(formatType).join(', ')})'`,
    );
  const [first = DYN, second = DYN, third = DYN] = args;
  switch (target === undefined ? name : '') {
    case '_&&_':
    case '_||_':
    case '!_':
    case '@not_strictly_false':
      for (const arg of args) {
        if (!isDynamic(arg) && arg.kind !== 'bool')
          throw new ExpressionTypeError(`expected type 'bool' but found '${formatType(arg)}'`);
      }
      return BOOL;
    case '_==_':
    case '_!=_':
      if (unify(first, second) === undefined) throw noOverload();
      return BOOL;
    case '@in': {
      const member = memberType(second);
      if (member === undefined || unify(first, member) === undefined) throw noOverload();
      return BOOL;
    }
    case '_[_]':
      if (first.kind === 'list' && (isDynamic(second) || second.kind === 'int')) return first.element;
      if (first.kind === 'map' && unify(first.key, second)) return first.value;
      if (isDynamic(first)) return DYN;
      throw noOverload();
    case '_?_:_':
      if (!isDynamic(first) && first.kind !== 'bool') throw noOverload();
      return unify(second, third) ?? throwError(noOverload());
    case '_+_':
      if (first.kind === 'list' && second.kind === 'list') {
        return listOf(unify(first.element, second.element) ?? throwError(noOverload()));
      }
  }
  const signatures = FUNCTIONS.get(name);
  if (signatures === undefined) throw new ExpressionTypeError(`undeclared reference to '${name}'`);
  return resolveCall(signatures, target, args) ?? throwError(noOverload());
}

/** What a list holds, or a map's keys: the left side of `in` and a comprehension's variable. */
function memberType(container: StaticType): StaticType | undefined {
  if (container.kind === 'list') return container.element;
  if (container.kind === 'map') return container.key;
  return isDynamic(container) ? DYN : undefined;
}

/** Literals may mix types (`[1, "a"]`), which cel-go types as `dyn` elements. */
function unifyAll(types: readonly StaticType[]): StaticType {
  return types.reduce<StaticType | undefined>((joined, type) => joined && unify(joined, type), DYN) ?? DYN;
}

function throwError(error: Error): never {
  throw error;
}
