import { objectRelationKey } from './labels.ts';
import { COMPUTED, DIRECT, EXCLUSION, forEachNode, INTERSECTION, TUPLE_TO_USERSET } from './rewrite-plan.ts';
import type { RelationInfo, Typesystem } from './typesystem.ts';

/**
 * Decides, per relation, whether Check may answer "is the user in this
 * userset?" by walking backwards from the user instead of expanding the
 * userset forwards. Forward expansion of a userset that nests usersets (a
 * group of groups, an org unit's whole subtree) visits every member; the
 * user's own memberships are usually few. OpenFGA takes the same shortcut for
 * such usersets (its recursive userset fast path).
 *
 * Walking backwards is exact only when the relation is a union of direct
 * assignments, computed usersets and tuple-to-usersets without conditions, all
 * the way down: then the user has the relation exactly when a chain of tuples
 * leads from the user to it. Such a relation gets `reverseFeeds`, the relations
 * a backward walk may pass through. Like OpenFGA's fast path, the walk reports
 * no cycles, so a cyclic userset under an exclusion's subtract is "not a
 * member" rather than "cycle".
 */
export function planReverseUsersets(ts: Typesystem): void {
  const relations = ts.allRelations();
  const impure = new Set(relations.filter(hasImpureRewrite));
  let changed = true;
  while (changed) {
    changed = false;
    for (const relation of relations) {
      if (impure.has(relation)) continue;
      if (references(ts, relation).some((other) => impure.has(other))) {
        impure.add(relation);
        changed = true;
      }
    }
  }
  for (const relation of relations) {
    if (impure.has(relation)) continue;
    const feeds = closure(ts, relation);
    if ([...feeds].some((fed) => fed.usersetLabels.size > 0)) {
      relation.reverseFeeds = feeds;
      relation.reverseTupleKeys = tupleKeysRead(feeds);
    }
  }
}

function hasImpureRewrite(relation: RelationInfo): boolean {
  let impure = relation.restrictions.some((r) => r.condition !== undefined);
  forEachNode(relation.rewrite, (node) => {
    if (node.kind === INTERSECTION || node.kind === EXCLUSION) impure = true;
    if (node.kind === TUPLE_TO_USERSET) {
      const tupleset = relation.owner.relationById[node.tupleset];
      if (tupleset?.restrictions.some((r) => r.condition !== undefined)) impure = true;
    }
  });
  return impure;
}

/** The relations `relation` is defined in terms of. */
function references(ts: Typesystem, relation: RelationInfo): RelationInfo[] {
  const found: RelationInfo[] = [];
  const add = (other: RelationInfo | undefined) => {
    if (other !== undefined) found.push(other);
  };
  forEachNode(relation.rewrite, (node) => {
    if (node.kind === DIRECT) {
      for (const r of relation.restrictions) if (r.relation !== -1) add(ts.relation(r.type, r.relation));
    } else if (node.kind === COMPUTED) {
      add(relation.owner.relationById[node.relation]);
    } else if (node.kind === TUPLE_TO_USERSET) {
      for (const r of relation.owner.relationById[node.tupleset]?.restrictions ?? [])
        add(ts.relation(r.type, node.relation));
    }
  });
  return found;
}

/** object type#relation keys of every tuple a backward walk through `feeds` may read. */
function tupleKeysRead(feeds: ReadonlySet<RelationInfo>): Set<number> {
  const keys = new Set<number>();
  for (const relation of feeds) {
    keys.add(objectRelationKey(relation.owner.id, relation.id));
    forEachNode(relation.rewrite, (node) => {
      if (node.kind === TUPLE_TO_USERSET) keys.add(objectRelationKey(relation.owner.id, node.tupleset));
    });
  }
  return keys;
}

function closure(ts: Typesystem, start: RelationInfo): Set<RelationInfo> {
  const seen = new Set([start]);
  const pending = [start];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    for (const other of references(ts, next)) {
      if (!seen.has(other)) {
        seen.add(other);
        pending.push(other);
      }
    }
  }
  return seen;
}
