import type { Typesystem } from '../model/typesystem.ts';
import type { TupleRecord } from '../store/tuple-record.ts';
import { AuthzError } from '../vocabulary/errors.ts';
import { FALSE, TRUE } from './outcome.ts';

/**
 * Whether a readable tuple's condition holds, over its stored context merged
 * with the request context (the CEL layer applies OpenFGA's precedence). A
 * missing parameter or a value of the wrong type is an error, as in OpenFGA:
 * the caller decides whether another path makes it irrelevant.
 */
export function conditionOutcome(
  ts: Typesystem,
  record: TupleRecord,
  context: Readonly<Record<string, unknown>> | undefined,
): typeof TRUE | typeof FALSE | AuthzError {
  const name = record.conditionName;
  if (name === undefined) return TRUE;
  try {
    const result = ts.conditions.get(name)!.evaluate(record.conditionContext, context);
    if (result.missingParameters.length > 0) {
      const { object, relation, user } = record.key;
      return new AuthzError(
        'validation_error',
        `tuple '${object}#${relation}@${user}' is missing context parameters ${result.missingParameters.join(', ')} of condition '${name}'`,
      );
    }
    return result.satisfied ? TRUE : FALSE;
  } catch (error) {
    return error instanceof AuthzError
      ? error
      : new AuthzError('validation_error', `condition '${name}' failed to evaluate`, { cause: error });
  }
}
