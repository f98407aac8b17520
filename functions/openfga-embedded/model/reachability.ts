import { plainLabel, usersetLabel, wildcardLabel } from './labels.ts';
import { COMPUTED, DIRECT, forEachNode, forEachPositiveNode, TUPLE_TO_USERSET } from './rewrite-plan.ts';
import type { RelationInfo, Typesystem } from './typesystem.ts';

/**
 * Fills `RelationInfo.reach`: the user labels from which the model graph has a
 * path to each relation. Check answers false without reading tuples when the
 * request user's label cannot reach a relation, as OpenFGA's PathExists does.
 * Subtract operands count as paths: they are evaluated, so their errors show.
 */
export function computeReachability(ts: Typesystem): void {
  const relations = ts.allRelations();
  // A relation is itself a userset node: `group:1#owner` reaches `group#member` when member includes owner.
  for (const relation of relations) relation.reach.add(usersetLabel(relation.owner.id, relation.id));
  let changed = true;
  while (changed) {
    changed = false;
    for (const relation of relations) {
      const before = relation.reach.size;
      forEachNode(relation.rewrite, (node) => {
        if (node.kind === DIRECT) {
          for (const restriction of relation.restrictions) {
            if (restriction.wildcard) relation.reach.add(wildcardLabel(restriction.type));
            else if (restriction.relation === -1) relation.reach.add(plainLabel(restriction.type));
            else {
              relation.reach.add(usersetLabel(restriction.type, restriction.relation));
              addAll(relation, ts.relation(restriction.type, restriction.relation));
            }
          }
        } else if (node.kind === COMPUTED) {
          addAll(relation, relation.owner.relationById[node.relation]);
        } else if (node.kind === TUPLE_TO_USERSET) {
          for (const parentType of tuplesetParentTypes(relation, node.tupleset)) {
            addAll(relation, ts.relation(parentType, node.relation));
          }
        }
      });
      if (relation.reach.size !== before) changed = true;
    }
  }
}

/**
 * Indexes the edges ListObjects walks backwards: which relations include a
 * relation as a computed userset, and which tuple-to-userset rewrites a
 * tupleset relation feeds. Only operands that can grant access are indexed.
 */
export function indexReverseEdges(ts: Typesystem): void {
  for (const relation of ts.allRelations()) {
    const type = relation.owner;
    forEachPositiveNode(relation.rewrite, (node) => {
      if (node.kind === COMPUTED) {
        const included = type.relationById[node.relation];
        if (included !== undefined && !included.computedParents.includes(relation)) {
          included.computedParents.push(relation);
        }
      } else if (node.kind === TUPLE_TO_USERSET) {
        const edges = type.tupleToUsersetByTupleset.get(node.tupleset) ?? [];
        if (!edges.some((edge) => edge.parentRelation === node.relation && edge.target === relation)) {
          edges.push({ parentRelation: node.relation, target: relation });
        }
        type.tupleToUsersetByTupleset.set(node.tupleset, edges);
        for (const restriction of type.relationById[node.tupleset]?.restrictions ?? []) {
          const parent = ts.relation(restriction.type, node.relation);
          if (parent !== undefined) parent.parentOfTupleToUserset = true;
        }
      }
    });
  }
}

function tuplesetParentTypes(relation: RelationInfo, tupleset: number): number[] {
  const restrictions = relation.owner.relationById[tupleset]?.restrictions ?? [];
  return restrictions.filter((r) => r.relation === -1 && !r.wildcard).map((r) => r.type);
}

function addAll(relation: RelationInfo, from: RelationInfo | undefined): void {
  if (from === undefined || from === relation) return;
  for (const label of from.reach) relation.reach.add(label);
}
