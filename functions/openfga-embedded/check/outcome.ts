/**
 * What resolving one node yields. OpenFGA's resolver distinguishes a plain
 * "no" from a "no because a cycle was met": an exclusion whose operand met a
 * cycle is false even when the base holds. Errors (a condition missing a
 * parameter, the depth limit) are outcomes too, because a union that finds
 * access elsewhere ignores them.
 */
export const FALSE = 0;
export const TRUE = 1;
export const CYCLE = 2;
export const ERROR = 3;

export type Outcome = typeof FALSE | typeof TRUE | typeof CYCLE | typeof ERROR;

/** OpenFGA's default resolve depth: the 25th nested dispatch fails with 2002. */
export const MAX_RESOLUTION_DEPTH = 25;

/**
 * What the tuples read for one rewrite yielded, as bits: like OpenFGA's
 * condition-filtered iterator, a condition error counts only when no tuple
 * passed its condition, and any granted hop wins over errors and cycles.
 */
export const GRANTED = 1;
export const PASSED = 2;
export const CONDITION_FAILED = 4;
const CYCLED = 8;
const FAILED = 16;

export function bitOf(outcome: Outcome): number {
  return outcome === TRUE ? GRANTED : outcome === CYCLE ? CYCLED : outcome === ERROR ? FAILED : 0;
}

export function outcomeOf(seen: number): Outcome {
  if ((seen & GRANTED) !== 0) return TRUE;
  if ((seen & FAILED) !== 0 || (seen & (CONDITION_FAILED | PASSED)) === CONDITION_FAILED) return ERROR;
  return (seen & CYCLED) !== 0 ? CYCLE : FALSE;
}
