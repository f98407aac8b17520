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
