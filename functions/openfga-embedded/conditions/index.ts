export { compileConditions } from './compile.ts';
export type {
  CompiledCondition,
  ConditionDefinition,
  ConditionEvaluation,
  ConditionParameterType,
} from './contract.ts';
