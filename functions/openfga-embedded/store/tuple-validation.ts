import { plainLabel, usersetLabel, wildcardLabel } from '../model/labels.ts';
import { DIRECT } from '../model/rewrite-plan.ts';
import type { Typesystem } from '../model/typesystem.ts';
import type { TupleKey } from '../vocabulary/types.ts';
import { type ObjectIds, TupleRecord, USER_OBJECT, USER_USERSET, USER_WILDCARD } from './tuple-record.ts';
import { isValidRelationName, parseObject, parseUser, userObjectOf } from './tuple-string.ts';

/** Why a request field is not acceptable, with the OpenFGA error it maps to when alone. */
export interface Violation {
  readonly code: 'validation_error' | 'type_not_found' | 'relation_not_found';
  readonly message: string;
}

/** The `user` of a request or tuple: well formed, of a defined type, a userset of a defined relation. */
export function validateUser(ts: Typesystem, user: string): Violation | undefined {
  const parts = parseUser(user);
  if (parts === undefined) {
    return invalid(
      `the 'user' field '${user}' must be an object (type:id), a userset (type:id#relation) or a typed wildcard (type:*)`,
    );
  }
  const type = ts.types.get(parts.type);
  if (type === undefined) return { code: 'type_not_found', message: `type '${parts.type}' not found` };
  if (parts.relation !== '' && !type.relations.has(parts.relation)) {
    return { code: 'relation_not_found', message: `relation '${parts.type}#${parts.relation}' not found` };
  }
  return undefined;
}

export function validateObject(ts: Typesystem, object: string): Violation | undefined {
  const parts = parseObject(object);
  if (parts === undefined) return invalid(`the 'object' field '${object}' is not of the form type:id`);
  if (parts.id === '*') return invalid(`the 'object' field '${object}' cannot be a typed wildcard`);
  if (!ts.types.has(parts.type)) return { code: 'type_not_found', message: `type '${parts.type}' not found` };
  return undefined;
}

export function validateRelation(ts: Typesystem, type: string, relation: string): Violation | undefined {
  if (ts.relationByName(type, relation) !== undefined) return undefined;
  if (!isValidRelationName(relation)) return invalid(`the 'relation' field '${relation}' is malformed`);
  return { code: 'relation_not_found', message: `relation '${type}#${relation}' not found` };
}

/** A tuple's fields resolved against a model: what interning needs besides the object ids. */
export interface TupleShape {
  readonly objectType: number;
  readonly relation: number;
  readonly userType: number;
  /** Relation name id of a userset user, -1 otherwise. */
  readonly userRelation: number;
  readonly userKind: number;
  /** `user:anne`, `user:*`, or `group:eng` of `group:eng#member`. */
  readonly userObject: string;
}

/** OpenFGA's ValidateUserObjectRelation: each field well formed and defined in the model. */
export function tupleShape(ts: Typesystem, key: TupleKey): TupleShape | string {
  const user = parseUser(key.user);
  const object = parseObject(key.object);
  const userType = user === undefined ? undefined : ts.types.get(user.type);
  const objectType = object === undefined || object.id === '*' ? undefined : ts.types.get(object.type);
  const relation = objectType?.relations.get(key.relation);
  const userRelation = user?.relation ? userType?.relations.get(user.relation) : undefined;
  if (
    userType === undefined ||
    relation === undefined ||
    (user!.relation !== '' && userRelation === undefined)
  ) {
    return shapeProblem(ts, key);
  }
  const userKind = userRelation !== undefined ? USER_USERSET : user!.id === '*' ? USER_WILDCARD : USER_OBJECT;
  return {
    objectType: objectType!.id,
    relation: relation.id,
    userType: userType.id,
    userRelation: userRelation?.id ?? -1,
    userKind,
    userObject: userKind === USER_USERSET ? userObjectOf(key.user) : key.user,
  };
}

export function recordOf(
  key: TupleKey,
  shape: TupleShape,
  objects: ObjectIds,
  contextual: boolean,
): TupleRecord {
  return new TupleRecord(
    key,
    objects.id(key.object),
    shape.objectType,
    shape.relation,
    objects.id(shape.userObject),
    shape.userType,
    shape.userRelation,
    shape.userKind,
    contextual,
  );
}

/**
 * Validates a tuple as OpenFGA validates a written or contextual one
 * (ValidateTupleForWrite) and interns it: the record, or what is wrong.
 */
export function internTuple(
  ts: Typesystem,
  key: TupleKey,
  objects: ObjectIds,
  contextual: boolean,
): TupleRecord | string {
  const shape = tupleShape(ts, key);
  if (typeof shape === 'string') return shape;
  const record = recordOf(key, shape, objects, contextual);
  return restrictionProblem(ts, record) ?? record;
}

/**
 * Whether a stored tuple may be read under `ts`. Stored tuples the current model
 * no longer allows are skipped, as OpenFGA filters them on read; the verdict is
 * cached on the record until the model changes.
 */
export function isReadable(ts: Typesystem, record: TupleRecord): boolean {
  if (record.checkedBy !== ts) {
    record.valid = restrictionProblem(ts, record) === undefined;
    record.checkedBy = ts;
  }
  return record.valid;
}

/**
 * OpenFGA's ValidateTupleForRead on an interned tuple: a tupleset relation
 * holds only objects, the user fits a type restriction, and the condition (or
 * its absence) is one that restriction names, with only its parameters.
 */
export function restrictionProblem(ts: Typesystem, record: TupleRecord): string | undefined {
  const relation = ts.relation(record.objectType, record.relation);
  const where = `${record.key.object}#${record.key.relation}`;
  if (relation === undefined) return `relation of '${where}' not found`;
  if (relation.isTupleset && (relation.rewrite.kind !== DIRECT || record.userKind !== USER_OBJECT)) {
    return `tupleset relation '${where}' accepts only objects, not '${record.key.user}'`;
  }
  const conditions = allowedConditions(ts, record);
  if (conditions === undefined)
    return `'${record.key.user}' is not an allowed type restriction for '${where}'`;
  return conditionProblem(ts, record, conditions);
}

/** The conditions (`''` for none) a tuple of this object type, relation and user type may carry; undefined when the user type is not allowed. */
export function allowedConditions(ts: Typesystem, record: TupleRecord): ReadonlySet<string> | undefined {
  return ts.relation(record.objectType, record.relation)?.conditionsByLabel.get(labelOf(record));
}

/** The part of `restrictionProblem` that depends on the tuple's condition: its name, and its context's keys. */
export function conditionProblem(
  ts: Typesystem,
  record: TupleRecord,
  conditions: ReadonlySet<string>,
): string | undefined {
  const name = record.conditionName;
  if (!conditions.has(name ?? '')) {
    const where = `${record.key.object}#${record.key.relation}`;
    return name === undefined
      ? `condition is missing for '${record.key.user}' on '${where}'`
      : `condition '${name}' is not allowed for '${record.key.user}' on '${where}'`;
  }
  if (name !== undefined && record.conditionContext !== undefined) {
    const parameters = ts.conditionParameters.get(name)!;
    for (const parameter of Object.keys(record.conditionContext)) {
      if (!parameters.has(parameter)) return `condition '${name}' has no parameter '${parameter}'`;
    }
  }
  return undefined;
}

function labelOf(record: TupleRecord): number {
  if (record.userKind === USER_USERSET) return usersetLabel(record.userType, record.userRelation);
  return record.userKind === USER_WILDCARD ? wildcardLabel(record.userType) : plainLabel(record.userType);
}

/** OpenFGA's ValidateUserObjectRelation message for a tuple whose fields are not all defined. */
function shapeProblem(ts: Typesystem, key: TupleKey): string {
  const problem =
    validateUser(ts, key.user) ??
    validateObject(ts, key.object) ??
    validateRelation(ts, parseObject(key.object)!.type, key.relation);
  return problem!.message;
}

function invalid(message: string): Violation {
  return { code: 'validation_error', message };
}
