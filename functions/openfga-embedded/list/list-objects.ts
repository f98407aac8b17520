import type { CheckEngine } from '../check/check-engine.ts';
import { ERROR, TRUE } from '../check/outcome.ts';
import type { ListTarget } from '../check/query.ts';
import { objectRelationKey, userKey } from '../model/labels.ts';
import type { RelationInfo, Typesystem } from '../model/typesystem.ts';
import type { TupleRecord } from '../store/tuple-record.ts';
import type { TupleStore } from '../store/tuple-store.ts';
import { isReadable } from '../store/tuple-validation.ts';

/**
 * ListObjects as "every object Check allows": walk the graph backwards from the
 * user to collect candidate objects of the requested type (a superset: an
 * intersection or exclusion is entered through any operand that can grant),
 * then keep the candidates Check allows. Results are therefore unique and each
 * one checks true under the same contextual tuples and context.
 */
export function listObjects(engine: CheckEngine, store: TupleStore, target: ListTarget): string[] {
  const objects: string[] = [];
  for (const object of candidates(engine.ts, store, target)) {
    const outcome = engine.evaluate(target.query, object, target.relation);
    if (outcome === ERROR) throw engine.error!;
    if (outcome === TRUE) objects.push(target.query.objects.name(object));
  }
  return objects;
}

function candidates(ts: Typesystem, store: TupleStore, target: ListTarget): Set<number> {
  const q = target.query;
  const found = new Set<number>();
  const seen = new Set<number>();
  const queue: { object: number; relation: RelationInfo }[] = [];
  const reach = (object: number, relation: RelationInfo | undefined) => {
    if (relation === undefined) return;
    const key = objectRelationKey(object, relation.id);
    if (seen.has(key)) return;
    seen.add(key);
    queue.push({ object, relation });
  };
  const reachTupleObjects = (records: readonly TupleRecord[] | undefined) => {
    for (const record of records ?? []) {
      if (isReadable(ts, record)) reach(record.object, ts.relation(record.objectType, record.relation));
    }
  };

  reachTupleObjects(store.tuplesOfUser(q.userKey));
  reachTupleObjects(q.overlay.tuplesOfUser(q.userKey));
  if (q.wildcardKey !== undefined && q.wildcardKey !== q.userKey) {
    reachTupleObjects(store.tuplesOfUser(q.wildcardKey));
    reachTupleObjects(q.overlay.tuplesOfUser(q.wildcardKey));
  }
  if (q.isUserset) reach(q.userObject, ts.relation(q.userType, q.userRelation));

  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    const { object, relation } = next;
    if (relation === target.relation) found.add(object);
    for (const parent of relation.computedParents) reach(object, parent);
    reachTupleObjects(store.tuplesOfUser(userKey(object, relation.id)));
    reachTupleObjects(q.overlay.tuplesOfUser(userKey(object, relation.id)));
    const asParent = (records: readonly TupleRecord[] | undefined) => {
      for (const record of records ?? []) {
        const edges = ts.typeById[record.objectType]?.tupleToUsersetByTupleset.get(record.relation);
        if (edges === undefined || !isReadable(ts, record)) continue;
        for (const edge of edges) if (edge.parentRelation === relation.id) reach(record.object, edge.target);
      }
    };
    asParent(store.tuplesOfUser(userKey(object, -1)));
    asParent(q.overlay.tuplesOfUser(userKey(object, -1)));
  }
  return found;
}
