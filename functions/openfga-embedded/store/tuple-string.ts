/**
 * The string forms OpenFGA accepts, with the server's rules (pkg/tuple):
 * objects are `type:id`; users are `type:id`, `type:*` or `type:id#relation`;
 * no part is empty or holds `:`, `#` or whitespace. Hand-written scanners
 * rather than regular expressions: contextual tuples are parsed per request.
 */

export interface NameParts {
  readonly type: string;
  readonly id: string;
  /** '' unless the value is a userset. */
  readonly relation: string;
}

const COLON = 58;
const HASH = 35;

/**
 * Strings parsed lately: a request's user and object, and its facts, come back
 * in every check about the child; the organisation's (a GP, a clinic, a KLE
 * subject) in checks about every child. Two generations of at most
 * PARSED_LIMIT each: when the young one is full it becomes the old one and the
 * one before is dropped, and a string found in the old one moves back to the
 * young — so what keeps coming back stays, and a child asked about once ages
 * out, instead of everything going when the one map filled (bench:authz's HOI
 * mix cycles through 13,000 requests' objects; with one map of 8,192 it parsed
 * each again). At most 4 × PARSED_LIMIT strings (users and objects), a few MiB
 * in an embedded deployment; parts are never changed by their readers.
 */
class Parsed {
  private young = new Map<string, NameParts | null>();
  private old = new Map<string, NameParts | null>();

  get(value: string): NameParts | null | undefined {
    const parts = this.young.get(value);
    if (parts !== undefined) return parts;
    const aged = this.old.get(value);
    if (aged !== undefined) this.set(value, aged);
    return aged;
  }

  set(value: string, parts: NameParts | null): void {
    if (this.young.size >= PARSED_LIMIT) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(value, parts);
  }

  /** Strings held (both generations; one may be in both). */
  get size(): number {
    return this.young.size + this.old.size;
  }
}

const users = new Parsed();
const objects = new Parsed();
export const PARSED_LIMIT = 16384;

/** A request or tuple `user`, or undefined when malformed (including a userset of a wildcard). */
export function parseUser(value: string): NameParts | undefined {
  return remembered(users, value, true);
}

/** A `type:id` object (the id may be `*`; a wildcard object is the caller's to reject), or undefined. */
export function parseObject(value: string): NameParts | undefined {
  return remembered(objects, value, false);
}

/** How many parsed strings are held, users and objects (tests: the bound). */
export function parsedHeld(): number {
  return users.size + objects.size;
}

function remembered(seen: Parsed, value: string, allowUserset: boolean): NameParts | undefined {
  if (typeof value !== 'string') return parse(value, allowUserset);
  let parts = seen.get(value);
  if (parts === undefined) {
    parts = parse(value, allowUserset) ?? null;
    seen.set(value, parts);
  }
  return parts ?? undefined;
}

/** A relation name: non-empty, without `:`, `#`, `@` or whitespace. */
export function isValidRelationName(value: string): boolean {
  if (value === '') return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === COLON || c === HASH || c === 64 || isSpace(c)) return false;
  }
  return true;
}

/** The object part of a user: `group:eng` of `group:eng#member`; a user that is no userset is its own. */
export function userObjectOf(user: string): string {
  const hash = user.lastIndexOf('#');
  return hash === -1 ? user : user.slice(0, hash);
}

/** The type of a `type:id` string, '' when there is no colon. */
export function typeOf(object: string): string {
  const colon = object.indexOf(':');
  return colon === -1 ? '' : object.slice(0, colon);
}

function parse(value: string, allowUserset: boolean): NameParts | undefined {
  const colon = value.indexOf(':');
  if (colon <= 0) return undefined;
  const hash = allowUserset ? value.indexOf('#', colon + 1) : -1;
  const end = hash === -1 ? value.length : hash;
  if (end === colon + 1 || (hash !== -1 && hash === value.length - 1)) return undefined;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c === COLON && i !== colon) || (c === HASH && i !== hash) || isSpace(c)) return undefined;
  }
  const id = value.slice(colon + 1, end);
  if (hash !== -1 && id === '*') return undefined;
  return { type: value.slice(0, colon), id, relation: hash === -1 ? '' : value.slice(hash + 1) };
}

/** Go's RE2 `\s`: tab, newline, form feed, carriage return and space. */
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 12 || c === 13;
}
