import { AuthzError } from '../vocabulary/errors.ts';
import type { Interner } from './interner.ts';

/** Rewrite kinds, numbered so the evaluator can switch on a small integer. */
export const DIRECT = 0;
export const COMPUTED = 1;
export const TUPLE_TO_USERSET = 2;
export const UNION = 3;
export const INTERSECTION = 4;
export const EXCLUSION = 5;

/**
 * One node of a relation's rewrite, compiled once per model. A single class for
 * every kind keeps the evaluator's property accesses monomorphic.
 */
export class RewritePlan {
  constructor(
    readonly kind: number,
    /** COMPUTED: the relation to evaluate on the same object; TUPLE_TO_USERSET: on each parent. */
    readonly relation: number,
    /** TUPLE_TO_USERSET: the relation whose tuples name the parents. */
    readonly tupleset: number,
    /** UNION and INTERSECTION: the operands; EXCLUSION: [base, subtract]. */
    readonly children: readonly RewritePlan[],
  ) {}
}

type Json = Readonly<Record<string, unknown>>;

/**
 * Compiles a rewrite as the model JSON spells it (`this`, `computedUserset`,
 * `tupleToUserset`, `union`, `intersection`, `difference`; snake_case accepted too).
 */
export function compileRewrite(rewrite: unknown, names: Interner, where: string): RewritePlan {
  const node = asObject(rewrite, where);
  if ('this' in node) return new RewritePlan(DIRECT, -1, -1, []);
  const computed = node.computedUserset ?? node.computed_userset;
  if (computed !== undefined) {
    return new RewritePlan(COMPUTED, names.intern(relationOf(computed, where)), -1, []);
  }
  const ttu = asOptionalObject(node.tupleToUserset ?? node.tuple_to_userset, where);
  if (ttu !== undefined) {
    const tupleset = relationOf(ttu.tupleset, where);
    const parentRelation = relationOf(ttu.computedUserset ?? ttu.computed_userset, where);
    return new RewritePlan(TUPLE_TO_USERSET, names.intern(parentRelation), names.intern(tupleset), []);
  }
  if (node.union !== undefined) return setOperation(UNION, node.union, names, where);
  if (node.intersection !== undefined) return setOperation(INTERSECTION, node.intersection, names, where);
  const difference = asOptionalObject(node.difference, where);
  if (difference !== undefined) {
    const base = compileRewrite(difference.base, names, where);
    const subtract = compileRewrite(difference.subtract, names, where);
    return new RewritePlan(EXCLUSION, -1, -1, [base, subtract]);
  }
  throw invalid(`${where}: unknown rewrite ${JSON.stringify(Object.keys(node))}`);
}

/** Calls `visit` for every node that can make the relation true (an exclusion's subtract cannot). */
export function forEachPositiveNode(plan: RewritePlan, visit: (node: RewritePlan) => void): void {
  visit(plan);
  if (plan.kind === EXCLUSION) {
    forEachPositiveNode(plan.children[0]!, visit);
    return;
  }
  for (const child of plan.children) forEachPositiveNode(child, visit);
}

/** Calls `visit` for every node, subtract operands included. */
export function forEachNode(plan: RewritePlan, visit: (node: RewritePlan) => void): void {
  visit(plan);
  for (const child of plan.children) forEachNode(child, visit);
}

function setOperation(kind: number, value: unknown, names: Interner, where: string): RewritePlan {
  const children = asObject(value, where).child;
  if (!Array.isArray(children) || children.length === 0)
    throw invalid(`${where}: a set operation needs operands`);
  return new RewritePlan(
    kind,
    -1,
    -1,
    children.map((child) => compileRewrite(child, names, where)),
  );
}

function relationOf(value: unknown, where: string): string {
  const relation = asObject(value, where).relation;
  if (typeof relation !== 'string' || relation === '') throw invalid(`${where}: a rewrite names no relation`);
  return relation;
}

function asObject(value: unknown, where: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`${where}: rewrite is not an object`);
  }
  return value as Json;
}

function asOptionalObject(value: unknown, where: string): Json | undefined {
  return value === undefined || value === null ? undefined : asObject(value, where);
}

function invalid(message: string): AuthzError {
  return new AuthzError('validation_error', `invalid authorization model: ${message}`);
}
