import type { TupleKey } from '../types.ts';
import { DIRECT } from './rewrite-plan.ts';
import type { TupleRecord } from './tuple-record.ts';
import {
  isObjectRelation,
  isTypedWildcard,
  isValidObject,
  isValidRelation,
  isValidUser,
  typeOf,
  userParts,
} from './tuple-string.ts';
import type { Restriction, Typesystem } from './typesystem.ts';

/** Why a tuple or request field is not acceptable, with the OpenFGA error it maps to when alone. */
export interface Violation {
  readonly code: 'validation_error' | 'type_not_found' | 'relation_not_found';
  readonly message: string;
}

/** The `user` of a request or tuple: well formed, of a defined type, a userset of a defined relation. */
export function validateUser(ts: Typesystem, user: string): Violation | undefined {
  if (!isValidUser(user)) return violation(`the 'user' field '${user}' is malformed`);
  if (!isValidObject(user) && !isObjectRelation(user)) {
    return violation(
      `the 'user' field '${user}' must be an object (e.g. document:1), an 'object#relation' or a typed wildcard (e.g. group:*)`,
    );
  }
  const parts = userParts(user);
  if (parts.relation !== '' && parts.id === '*') {
    return violation(`the 'user' field '${user}' cannot reference a typed wildcard in a userset value`);
  }
  const type = ts.types.get(parts.type);
  if (type === undefined) return { code: 'type_not_found', message: `type '${parts.type}' not found` };
  if (parts.relation !== '' && !type.relations.has(parts.relation)) {
    return { code: 'relation_not_found', message: `relation '${parts.type}#${parts.relation}' not found` };
  }
  return undefined;
}

export function validateObject(ts: Typesystem, object: string): Violation | undefined {
  if (!isValidObject(object)) return violation(`invalid 'object' field format '${object}'`);
  if (isTypedWildcard(object)) return violation(`the 'object' field '${object}' cannot be a typed wildcard`);
  const type = typeOf(object);
  if (!ts.types.has(type)) return { code: 'type_not_found', message: `type '${type}' not found` };
  return undefined;
}

export function validateRelation(ts: Typesystem, type: string, relation: string): Violation | undefined {
  if (!isValidRelation(relation)) return violation(`the 'relation' field '${relation}' is malformed`);
  if (ts.relationByName(type, relation) === undefined) {
    return { code: 'relation_not_found', message: `relation '${type}#${relation}' not found` };
  }
  return undefined;
}

/**
 * Whether a stored tuple may be read under `ts`. Stored tuples the current model
 * no longer allows are skipped, as OpenFGA filters them on read; the verdict is
 * cached on the record until the model changes.
 */
export function isReadable(ts: Typesystem, record: TupleRecord): boolean {
  if (record.checkedBy !== ts) {
    record.valid = validateTupleForRead(ts, record.key) === undefined;
    record.checkedBy = ts;
  }
  return record.valid;
}

/** The checks OpenFGA applies to a written or contextual tuple (ValidateTupleForWrite). */
export function validateTupleForWrite(ts: Typesystem, key: TupleKey): string | undefined {
  const problem =
    validateUser(ts, key.user) ??
    validateObject(ts, key.object) ??
    validateRelation(ts, typeOf(key.object), key.relation);
  return problem?.message ?? validateTupleForRead(ts, key);
}

/**
 * The checks a stored tuple must still pass under the current model to be read
 * (ValidateTupleForRead): tupleset, type restriction and condition rules.
 */
export function validateTupleForRead(ts: Typesystem, key: TupleKey): string | undefined {
  const objectType = typeOf(key.object);
  const relation = ts.relationByName(objectType, key.relation);
  if (relation === undefined) return `relation '${objectType}#${key.relation}' not found`;
  const user = userParts(key.user);
  const where = `${objectType}#${key.relation}`;
  if (relation.isTupleset) {
    if (relation.rewrite.kind !== DIRECT) return `tupleset relation '${where}' must be directly assignable`;
    if (user.relation !== '' || user.id === '*' || !isValidObject(key.user)) {
      return `tupleset relation '${where}' accepts only objects, not '${key.user}'`;
    }
  }
  const restrictions = relation.restrictions;
  const matchesForm = (r: Restriction) =>
    r.typeName === user.type &&
    (user.relation !== ''
      ? r.relation !== -1 && ts.names.name(r.relation) === user.relation
      : user.id === '*'
        ? r.wildcard
        : r.relation === -1 && !r.wildcard);
  if (!restrictions.some(matchesForm))
    return `'${key.user}' is not an allowed type restriction for '${where}'`;
  return validateCondition(ts, key, restrictions, user.relation, user.id === '*');
}

function validateCondition(
  ts: Typesystem,
  key: TupleKey,
  restrictions: readonly Restriction[],
  userRelation: string,
  userIsWildcard: boolean,
): string | undefined {
  const userType = userParts(key.user).type;
  const name = key.condition?.name || undefined;
  const fits = (r: Restriction) =>
    r.condition === name &&
    r.typeName === userType &&
    r.wildcard === userIsWildcard &&
    (r.relation === -1 ? userRelation === '' : ts.names.name(r.relation) === userRelation);
  const where = `'${key.user}' on '${key.object}#${key.relation}'`;
  if (name === undefined) return restrictions.some(fits) ? undefined : `condition is missing for ${where}`;
  const parameters = ts.conditionParameters.get(name);
  if (parameters === undefined) return `condition '${name}' is not defined`;
  if (!restrictions.some(fits)) return `condition '${name}' is not allowed for ${where}`;
  for (const parameter of Object.keys(key.condition?.context ?? {})) {
    if (!parameters.has(parameter)) return `condition '${name}' has no parameter '${parameter}'`;
  }
  return undefined;
}

function violation(message: string): Violation {
  return { code: 'validation_error', message };
}
