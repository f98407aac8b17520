import { type CelInput, isCelError, parse, plan } from '@bufbuild/cel';
import { AuthzError } from '../vocabulary/errors.ts';
import { conditionEnvironment } from './cel-environment.ts';
import type { CompiledCondition, ConditionDefinition, ConditionEvaluation } from './contract.ts';
import { type FastProgram, fastProgram } from './fast-path.ts';
import { decodeParameterType, ParameterError, type ParameterType } from './parameter-types.ts';
import { formatType } from './static-types.ts';
import { checkExpression, ExpressionTypeError } from './type-check.ts';

type Context = Readonly<Record<string, unknown>> | undefined;

/** Evaluates `"".matches(pattern)` in the same regex engine the conditions use. */
const matchesPattern = plan(conditionEnvironment, parse('"".matches(pattern)'));

/**
 * Compiles the `conditions` of a model once, at model load, as OpenFGA does when
 * a model is written: an unknown parameter type, a syntax or type error, or an
 * expression that is not bool throws AuthzError('validation_error').
 */
export function compileConditions(
  definitions: Readonly<Record<string, ConditionDefinition>>,
): Map<string, CompiledCondition> {
  const compiled = new Map<string, CompiledCondition>();
  for (const [key, definition] of Object.entries(definitions)) {
    compiled.set(key, compileCondition(key, definition));
  }
  return compiled;
}

function compileCondition(name: string, definition: ConditionDefinition): CompiledCondition {
  const parameters = decodeParameters(name, definition);
  const { program, fast } = compileExpression(name, definition.expression, parameters);
  return {
    name,
    evaluate(tupleContext: Context, requestContext: Context): ConditionEvaluation {
      const bindings: Record<string, CelInput> = {};
      const missingParameters = bindParameters(name, parameters, tupleContext, requestContext, bindings);
      if (missingParameters !== NONE_MISSING) return { satisfied: false, missingParameters };
      const quick = fast?.(bindings);
      return (quick ?? run(name, () => program(bindings))) ? SATISFIED : NOT_SATISFIED;
    },
  };
}

function decodeParameters(name: string, definition: ConditionDefinition): [string, ParameterType][] {
  return Object.entries(definition.parameters ?? {}).map(([parameter, ref]) => {
    try {
      return [parameter, decodeParameterType(ref)];
    } catch (error) {
      throw invalid(name, `parameter '${parameter}' ${(error as Error).message}`, error);
    }
  });
}

function compileExpression(
  name: string,
  expression: string,
  parameters: [string, ParameterType][],
): { program: ReturnType<typeof plan>; fast: FastProgram | undefined } {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(expression);
  } catch (error) {
    throw invalid(name, `syntax error: ${(error as Error).message}`, error);
  }
  const types = new Map(parameters.map(([parameter, type]) => [parameter, type.staticType]));
  let checked: ReturnType<typeof checkExpression>;
  try {
    checked = checkExpression(parsed.expr, types);
  } catch (error) {
    if (!(error instanceof ExpressionTypeError)) throw error;
    throw invalid(name, error.message, error);
  }
  if (checked.outputType.kind !== 'bool') {
    throw invalid(name, `expected a bool expression, but it is '${formatType(checked.outputType)}'`);
  }
  for (const pattern of checked.patterns) {
    const result = matchesPattern({ pattern });
    if (isCelError(result)) throw invalid(name, 'a regular expression does not compile', result);
  }
  return { program: plan(conditionEnvironment, parsed), fast: fastProgram(parsed.expr, types) };
}

/** Evaluations with every parameter present, shared: a condition is evaluated on every check that reads its tuple. */
const NONE_MISSING: readonly string[] = Object.freeze([]);
const SATISFIED: ConditionEvaluation = Object.freeze({ satisfied: true, missingParameters: NONE_MISSING });
const NOT_SATISFIED: ConditionEvaluation = Object.freeze({
  satisfied: false,
  missingParameters: NONE_MISSING,
});

/**
 * Converts each declared parameter's value to its type into `bindings`, as
 * OpenFGA does before evaluating: a value of the wrong type fails even when
 * another is missing. The parameters missing, NONE_MISSING when none is.
 */
function bindParameters(
  name: string,
  parameters: readonly [string, ParameterType][],
  tupleContext: Context,
  requestContext: Context,
  bindings: Record<string, CelInput>,
): readonly string[] {
  if (parameters.length === 0 && (hasValues(tupleContext) || hasValues(requestContext))) {
    throw new AuthzError(
      'validation_error',
      `condition '${name}' takes no parameters, but context was given`,
    );
  }
  let missingParameters: string[] | undefined;
  for (const [parameter, type] of parameters) {
    // The tuple's own context wins over the request's on a shared key; a null there still counts.
    const stored = contextValue(tupleContext, parameter);
    const value = stored !== undefined ? stored : contextValue(requestContext, parameter);
    if (value === undefined) {
      missingParameters ??= [];
      missingParameters.push(parameter);
      continue;
    }
    try {
      bindings[parameter] = type.convert(value);
    } catch (error) {
      if (!(error instanceof ParameterError)) throw error;
      const message = `condition '${name}': parameter '${parameter}' ${error.message}`;
      throw new AuthzError('validation_error', message, { cause: error });
    }
  }
  return missingParameters ?? NONE_MISSING;
}

function run(name: string, evaluate: () => unknown): boolean {
  let result: unknown;
  try {
    result = evaluate();
  } catch (error) {
    throw failed(name, error);
  }
  if (isCelError(result)) throw failed(name, result);
  if (typeof result !== 'boolean') throw failed(name, new TypeError('the result is not a bool'));
  return result;
}

/** An explicit `undefined` counts as absent, a JSON `null` as present (and then fails conversion, as in OpenFGA). */
function contextValue(context: Context, key: string): unknown {
  return context !== undefined && Object.hasOwn(context, key) ? context[key] : undefined;
}

function hasValues(context: Context): boolean {
  return context !== undefined && Object.values(context).some((value) => value !== undefined);
}

function invalid(name: string, reason: string, cause?: unknown): AuthzError {
  return new AuthzError('validation_error', `condition '${name}' is invalid: ${reason}`, { cause });
}

function failed(name: string, cause: unknown): AuthzError {
  return new AuthzError('validation_error', `condition '${name}' could not be evaluated`, { cause });
}
