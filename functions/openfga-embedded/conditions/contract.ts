/**
 * Contract between the embedded evaluator and its CEL condition layer.
 * The evaluator owns graph walking; this layer owns CEL compilation, OpenFGA's
 * parameter typing (int, uint, double, bool, string, bytes, duration,
 * timestamp, ipaddress, list<T>, map<T>, any) and evaluation.
 */

/** A condition as it appears in the model JSON from `@openfga/syntax-transformer`. */
export interface ConditionDefinition {
  readonly name: string;
  readonly expression: string;
  readonly parameters?: Readonly<Record<string, ConditionParameterType>>;
}

export interface ConditionParameterType {
  /** e.g. `TYPE_NAME_INT`, `TYPE_NAME_LIST`, `TYPE_NAME_IPADDRESS`. */
  readonly type_name: string;
  readonly generic_types?: readonly ConditionParameterType[];
}

export interface ConditionEvaluation {
  /** The CEL expression evaluated to true with every parameter present. */
  readonly satisfied: boolean;
  /** Parameters the expression needs that neither context supplied (then `satisfied` is false). */
  readonly missingParameters: readonly string[];
}

export interface CompiledCondition {
  readonly name: string;
  /**
   * Merge the tuple's stored context with the request context (OpenFGA's
   * precedence), convert each value to its declared parameter type and evaluate.
   * Throws AuthzError('validation_error') when a value cannot be converted to its
   * declared type or evaluation fails.
   */
  evaluate(
    tupleContext: Readonly<Record<string, unknown>> | undefined,
    requestContext: Readonly<Record<string, unknown>> | undefined,
  ): ConditionEvaluation;
}
