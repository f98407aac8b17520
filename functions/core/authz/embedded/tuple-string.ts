/**
 * The string forms OpenFGA accepts in tuples and requests, with the server's own
 * rules (pkg/tuple): objects are `type:id`, users are `type:id`, `type:*` or
 * `type:id#relation`, relations contain none of `:#@` or whitespace.
 */

const OBJECT = /^[^:#\s]+:[^#:\s]+$/;
const USER_ID = /^[^:#\s]+$/;
const USERSET = /^[^:#\s]+:[^#\s]+#[^:#\s]+$/;
const RELATION = /^[^:#@\s]+$/;

export const WILDCARD_ID = '*';

/** A user string split into its parts; `relation` is '' unless the user is a userset. */
export interface UserParts {
  readonly object: string;
  readonly type: string;
  readonly id: string;
  readonly relation: string;
}

export function isValidObject(value: string): boolean {
  return OBJECT.test(value);
}

export function isValidRelation(value: string): boolean {
  return RELATION.test(value);
}

export function isValidUser(value: string): boolean {
  if (countOf(value, ':') > 1 || countOf(value, '#') > 1) return false;
  return value === WILDCARD_ID || USER_ID.test(value) || OBJECT.test(value) || USERSET.test(value);
}

export function isTypedWildcard(value: string): boolean {
  return OBJECT.test(value) && value.endsWith(':*');
}

/** `type:id#relation` with a non-empty type and relation. */
export function isObjectRelation(value: string): boolean {
  const [object, relation] = splitObjectRelation(value);
  return relation !== '' && typeOf(object) !== '';
}

export function typeOf(object: string): string {
  const colon = object.indexOf(':');
  return colon === -1 ? '' : object.slice(0, colon);
}

/** Splits at the last `#`, as the server does; the relation is '' when there is none. */
export function splitObjectRelation(value: string): [object: string, relation: string] {
  const hash = value.lastIndexOf('#');
  if (hash === -1) return [value, ''];
  return [value.slice(0, hash), value.slice(hash + 1)];
}

export function userParts(user: string): UserParts {
  const [object, relation] = splitObjectRelation(user);
  const colon = object.indexOf(':');
  const type = colon === -1 ? '' : object.slice(0, colon);
  const id = colon === -1 ? object : object.slice(colon + 1);
  return { object, type, id, relation };
}

function countOf(value: string, char: string): number {
  let count = 0;
  for (let at = value.indexOf(char); at !== -1; at = value.indexOf(char, at + 1)) count++;
  return count;
}
