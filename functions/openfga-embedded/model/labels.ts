/**
 * A user label names what kind of user can reach a relation: a plain type
 * (`user`), a typed wildcard (`user:*`) or a userset type (`group#member`).
 * Labels and index keys are numbers built from interned ids so they can live in
 * Sets and Maps without string building on the hot path.
 */

/** Upper bound on interned type and relation names; keeps composite keys exact in a double. */
export const NAME_SPACE = 65536;

export const PLAIN_LABEL = 0;
export const WILDCARD_LABEL = 1;

export function plainLabel(type: number): number {
  return type * NAME_SPACE + PLAIN_LABEL;
}

export function wildcardLabel(type: number): number {
  return type * NAME_SPACE + WILDCARD_LABEL;
}

export function usersetLabel(type: number, relation: number): number {
  return type * NAME_SPACE + relation + 2;
}

/** Key of the tuples on one object#relation. Object ids may be negative (request-local). */
export function objectRelationKey(object: number, relation: number): number {
  return object * NAME_SPACE + relation;
}

/** Key of one user value: `relation` is -1 for objects and wildcards. */
export function userKey(userObject: number, relation: number): number {
  return userObject * NAME_SPACE + relation + 1;
}
