import { objectRelationKey, userKey } from '../model/labels.ts';
import type { RelationInfo, Typesystem } from '../model/typesystem.ts';
import type { Overlay } from '../store/overlay.ts';
import type { TupleRecord } from '../store/tuple-record.ts';
import type { TupleStore } from '../store/tuple-store.ts';
import { isReadable } from '../store/tuple-validation.ts';
import type { Query } from './query.ts';

interface Step {
  readonly object: number;
  readonly relation: RelationInfo;
}

const NONE: readonly TupleRecord[] = [];

/**
 * The objects on which the query's user has `target` (a relation with
 * `reverseFeeds`), each with the fewest userset and tuple-to-userset hops a
 * forward Check would dispatch to find it. Found by walking backwards from the
 * user's own tuples, level by level, through the relations `target` is built
 * from: computed usersets cost no hop, usersets and tuple-to-usersets one.
 */
export function memberships(
  ts: Typesystem,
  store: TupleStore,
  query: Query,
  target: RelationInfo,
): Map<number, number> {
  const feeds = target.reverseFeeds!;
  const hops = new Map<number, number>();
  const found = new Map<number, number>();
  let level: Step[] = [];
  let next: Step[] = [];
  let distance = 0;
  const reach = (object: number, relation: RelationInfo | undefined, at: number) => {
    if (relation === undefined || !feeds.has(relation)) return;
    const key = objectRelationKey(object, relation.id);
    const known = hops.get(key);
    if (known !== undefined && known <= at) return;
    hops.set(key, at);
    (at === distance ? level : next).push({ object, relation });
  };
  const reachTupleObjects = (records: readonly TupleRecord[] | undefined, at: number) => {
    for (const record of records ?? NONE) {
      if (isReadable(ts, record)) reach(record.object, ts.relation(record.objectType, record.relation), at);
    }
  };

  reachTupleObjects(store.tuplesOfUser(query.userKey), 0);
  reachTupleObjects(query.overlay.tuplesOfUser(query.userKey), 0);
  if (query.wildcardKey !== undefined && query.wildcardKey !== query.userKey) {
    reachTupleObjects(store.tuplesOfUser(query.wildcardKey), 0);
    reachTupleObjects(query.overlay.tuplesOfUser(query.wildcardKey), 0);
  }
  if (query.isUserset) reach(query.userObject, ts.relation(query.userType, query.userRelation), 0);

  while (level.length > 0) {
    for (let i = 0; i < level.length; i++) {
      const { object, relation } = level[i]!;
      if (hops.get(objectRelationKey(object, relation.id))! < distance) continue;
      if (relation === target && !found.has(object)) found.set(object, distance);
      for (const parent of relation.computedParents) reach(object, parent, distance);
      const asUserset = userKey(object, relation.id);
      reachTupleObjects(store.tuplesOfUser(asUserset), distance + 1);
      reachTupleObjects(query.overlay.tuplesOfUser(asUserset), distance + 1);
      if (relation.parentOfTupleToUserset) {
        const asObject = userKey(object, -1);
        reachParents(ts, store.tuplesOfUser(asObject), relation, (o, r) => reach(o, r, distance + 1));
        reachParents(ts, query.overlay.tuplesOfUser(asObject), relation, (o, r) => reach(o, r, distance + 1));
      }
    }
    level = next;
    next = [];
    distance++;
  }
  return found;
}

/** Whether any contextual tuple is one of the `keys` (object type#relation) a walk reads. */
export function touches(overlay: Overlay, keys: ReadonlySet<number>): boolean {
  for (const record of overlay.records) {
    if (keys.has(objectRelationKey(record.objectType, record.relation))) return true;
  }
  return false;
}

/** Upper bound on cached walks, so a store with many users cannot grow the cache without limit. */
const CACHE_LIMIT = 100_000;

/**
 * Walks that read stored tuples only, by userset relation and user key, valid
 * while the store's version stays (any write or delete clears them).
 */
export class StoredMemberships {
  private readonly byTarget = new Map<RelationInfo, Map<number, Map<number, number>>>();
  private version = -1;
  private size = 0;

  get(target: RelationInfo, user: number, version: number): Map<number, number> | undefined {
    if (version !== this.version) {
      this.byTarget.clear();
      this.size = 0;
      this.version = version;
    }
    return this.byTarget.get(target)?.get(user);
  }

  set(target: RelationInfo, user: number, found: Map<number, number>): void {
    if (this.size >= CACHE_LIMIT) {
      this.byTarget.clear();
      this.size = 0;
    }
    let byUser = this.byTarget.get(target);
    if (byUser === undefined) {
      byUser = new Map();
      this.byTarget.set(target, byUser);
    }
    byUser.set(user, found);
    this.size++;
  }
}

/** Tuples naming `object` as a parent, followed to the tuple-to-usersets that read `relation` on it. */
function reachParents(
  ts: Typesystem,
  records: readonly TupleRecord[] | undefined,
  relation: RelationInfo,
  reach: (object: number, relation: RelationInfo) => void,
): void {
  for (const record of records ?? NONE) {
    const edges = ts.typeById[record.objectType]?.tupleToUsersetByTupleset.get(record.relation);
    if (edges === undefined || !isReadable(ts, record)) continue;
    for (const edge of edges) if (edge.parentRelation === relation.id) reach(record.object, edge.target);
  }
}
