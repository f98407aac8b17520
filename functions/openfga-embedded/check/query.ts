import { plainLabel, userKey, usersetLabel, wildcardLabel } from '../model/labels.ts';
import type { RelationInfo, TypeInfo, Typesystem } from '../model/typesystem.ts';
import { contextualOverlay } from '../store/contextual-tuples.ts';
import type { Overlay } from '../store/overlay.ts';
import { RequestObjects } from '../store/request-objects.ts';
import type { TupleStore } from '../store/tuple-store.ts';
import { type NameParts, parseObject, parseUser, typeOf, userObjectOf } from '../store/tuple-string.ts';
import { validateObject, validateRelation, validateUser } from '../store/tuple-validation.ts';
import { AuthzError } from '../vocabulary/errors.ts';
import type { ListUsersRequest } from '../vocabulary/list-users-request.ts';
import type { CheckRequest, ListObjectsRequest } from '../vocabulary/types.ts';

/** Everything about a validated request the evaluator needs, as ids. */
export class Query {
  /** Key of a stored `type:*` tuple user for the user's type, or undefined when none can exist. */
  readonly wildcardKey: number | undefined;
  readonly userKey: number;
  /** The user's label for type restrictions: `user` (also for `user:*`) or `group#member`. */
  readonly userLabel: number;
  readonly wildcardLabel: number;
  readonly isUserset: boolean;

  constructor(
    readonly objects: RequestObjects,
    readonly overlay: Overlay,
    readonly context: Readonly<Record<string, unknown>> | undefined,
    readonly userObject: number,
    readonly userType: number,
    readonly userRelation: number,
    wildcardObject: number | undefined,
  ) {
    this.isUserset = userRelation !== -1;
    this.userKey = userKey(userObject, userRelation);
    this.wildcardKey =
      wildcardObject === undefined || this.isUserset ? undefined : userKey(wildcardObject, -1);
    this.userLabel = this.isUserset ? usersetLabel(userType, userRelation) : plainLabel(userType);
    this.wildcardLabel = this.isUserset ? -1 : wildcardLabel(userType);
  }
}

export interface CheckTarget {
  readonly query: Query;
  readonly object: number;
  readonly relation: RelationInfo;
}

export interface ListTarget {
  readonly query: Query;
  readonly type: TypeInfo;
  readonly relation: RelationInfo;
}

/** Validates a Check request as OpenFGA does: its own tuple → 2000, a contextual tuple → 2027. */
export function checkTarget(ts: Typesystem, store: TupleStore, request: CheckRequest): CheckTarget {
  const context = validContext(request.context);
  // The common case, each string parsed once; any problem is reported as the full validation words it.
  const user = parseUser(request.user);
  const userType = user === undefined ? undefined : ts.types.get(user.type);
  const object = parseObject(request.object);
  const relation =
    object === undefined || object.id === '*'
      ? undefined
      : ts.types.get(object.type)?.relations.get(request.relation);
  if (
    userType === undefined ||
    relation === undefined ||
    (user!.relation !== '' && !userType.relations.has(user!.relation))
  ) {
    const problem =
      validateUser(ts, request.user) ??
      validateObject(ts, request.object) ??
      validateRelation(ts, typeOf(request.object), request.relation);
    throw new AuthzError('validation_error', `invalid check request: ${problem!.message}`);
  }
  const objects = new RequestObjects(store.objects);
  const overlay = contextualOverlay(ts, objects, request.contextualTuples);
  const query = queryOf(ts, objects, overlay, context, request.user, user!, userType);
  return { query, object: objects.id(request.object), relation };
}

export interface UsersTarget {
  readonly objects: RequestObjects;
  readonly overlay: Overlay;
  readonly context: Readonly<Record<string, unknown>> | undefined;
  readonly object: number;
  readonly relation: RelationInfo;
  /** Label per user filter: `plainLabel(type)` for `user`, `usersetLabel(type, relation)` for `group#member`. */
  readonly filters: ReadonlySet<number>;
}

/** Validates a ListUsers request: contextual tuples (2027), object type (2021), relation (2022), filters (2021, 2022). */
export function usersTarget(ts: Typesystem, store: TupleStore, request: ListUsersRequest): UsersTarget {
  const context = validContext(request.context);
  const objects = new RequestObjects(store.objects);
  const overlay = contextualOverlay(ts, objects, request.contextualTuples);
  const problem =
    validateObject(ts, request.object) ?? validateRelation(ts, typeOf(request.object), request.relation);
  if (problem !== undefined)
    throw new AuthzError(problem.code, `invalid list users request: ${problem.message}`);
  const filters = new Set<number>();
  for (const filter of request.userFilters) {
    const type = ts.types.get(filter.type);
    if (type === undefined) throw new AuthzError('type_not_found', `type '${filter.type}' not found`);
    if (!filter.relation) {
      filters.add(plainLabel(type.id));
      continue;
    }
    const relation = type.relations.get(filter.relation);
    if (relation === undefined) {
      throw new AuthzError('relation_not_found', `relation '${filter.type}#${filter.relation}' not found`);
    }
    filters.add(usersetLabel(type.id, relation.id));
  }
  const relation = ts.relationByName(typeOf(request.object), request.relation)!;
  return { objects, overlay, context, object: objects.id(request.object), relation, filters };
}

/** Validates a ListObjects request: contextual tuples (2027), then type (2021), relation (2022), user (2000). */
export function listTarget(ts: Typesystem, store: TupleStore, request: ListObjectsRequest): ListTarget {
  const context = validContext(request.context);
  const objects = new RequestObjects(store.objects);
  const overlay = contextualOverlay(ts, objects, request.contextualTuples);
  const type = ts.types.get(request.type);
  if (type === undefined) throw new AuthzError('type_not_found', `type '${request.type}' not found`);
  const relation = type.relations.get(request.relation);
  if (relation === undefined) {
    throw new AuthzError('relation_not_found', `relation '${request.type}#${request.relation}' not found`);
  }
  const problem = validateUser(ts, request.user);
  if (problem !== undefined)
    throw new AuthzError('validation_error', `invalid 'user' value: ${problem.message}`);
  return { query: userQuery(ts, objects, overlay, context, request.user), type, relation };
}

/** The query for `user`, which must be valid under `ts`, sharing a request's objects, overlay and context. */
export function userQuery(
  ts: Typesystem,
  objects: RequestObjects,
  overlay: Overlay,
  context: Readonly<Record<string, unknown>> | undefined,
  user: string,
): Query {
  const parts = parseUser(user)!;
  return queryOf(ts, objects, overlay, context, user, parts, ts.types.get(parts.type)!);
}

function queryOf(
  ts: Typesystem,
  objects: RequestObjects,
  overlay: Overlay,
  context: Readonly<Record<string, unknown>> | undefined,
  user: string,
  parts: NameParts,
  type: TypeInfo,
): Query {
  const isUserset = parts.relation !== '';
  const wildcard = isUserset ? undefined : objects.lookup(type.wildcard);
  return new Query(
    objects,
    overlay,
    context,
    objects.id(isUserset ? userObjectOf(user) : user),
    type.id,
    isUserset ? ts.names.find(parts.relation) : -1,
    wildcard,
  );
}

/** The request context must be JSON an OpenFGA server could parse: an object, every number a finite double. */
function validContext(context: unknown): Readonly<Record<string, unknown>> | undefined {
  if (context === undefined || context === null) return undefined;
  if (typeof context !== 'object' || Array.isArray(context)) {
    throw new AuthzError('validation_error', 'invalid request context: not an object');
  }
  if (!finiteNumbersOnly(context)) {
    throw new AuthzError('validation_error', 'invalid request context: a number does not fit a double');
  }
  return context as Readonly<Record<string, unknown>>;
}

function finiteNumbersOnly(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object' || value === null) return true;
  // Own enumerable keys, as Object.values has them, without building an array per request.
  for (const key in value) {
    if (Object.hasOwn(value, key) && !finiteNumbersOnly((value as Record<string, unknown>)[key]))
      return false;
  }
  return true;
}
