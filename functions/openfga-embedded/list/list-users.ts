import type { CheckEngine } from '../check/check-engine.ts';
import { conditionOutcome } from '../check/condition-outcome.ts';
import { ERROR, MAX_RESOLUTION_DEPTH, TRUE } from '../check/outcome.ts';
import { type UsersTarget, userQuery } from '../check/query.ts';
import { objectRelationKey, plainLabel, usersetLabel } from '../model/labels.ts';
import { COMPUTED, DIRECT, forEachPositiveNode, TUPLE_TO_USERSET } from '../model/rewrite-plan.ts';
import type { RelationInfo } from '../model/typesystem.ts';
import { type TupleRecord, USER_USERSET } from '../store/tuple-record.ts';
import type { TupleStore } from '../store/tuple-store.ts';
import { isReadable } from '../store/tuple-validation.ts';
import { AuthzError } from '../vocabulary/errors.ts';

interface Step {
  readonly object: number;
  readonly relation: RelationInfo;
}

/**
 * ListUsers as "every user Check allows": expand the relation forwards from
 * the object, through the tuples and rewrites that can grant it, collecting
 * the users and usersets that match a filter (and the usersets passed on the
 * way); then keep the candidates Check allows. Like OpenFGA, a condition that
 * cannot be evaluated anywhere on the way fails the request, and so does an
 * expansion deeper than the resolution depth.
 */
export function listUsers(engine: CheckEngine, store: TupleStore, target: UsersTarget): string[] {
  const ts = engine.ts;
  const candidates = new Set<string>();
  const seen = new Set<number>();
  let level: Step[] = [];
  let next: Step[] = [];
  let conditionError: AuthzError | undefined;
  const reach = (object: number, relation: RelationInfo | undefined, into: Step[]) => {
    if (relation === undefined) return;
    const key = objectRelationKey(object, relation.id);
    if (seen.has(key)) return;
    seen.add(key);
    into.push({ object, relation });
  };
  const admitted = (record: TupleRecord) => {
    if (!isReadable(ts, record)) return false;
    const outcome = conditionOutcome(ts, record, target.context);
    if (outcome instanceof AuthzError) conditionError ??= outcome;
    return outcome === TRUE;
  };
  const tuplesOf = (object: number, relation: number) => {
    const key = objectRelationKey(object, relation);
    const contextual = target.overlay.near(key).filter((record) => record.bucketKey === key);
    return [...contextual, ...(store.bucket(key)?.all ?? [])];
  };

  reach(target.object, target.relation, level);
  for (let depth = 0; level.length > 0; depth++) {
    if (depth >= MAX_RESOLUTION_DEPTH) {
      throw new AuthzError(
        'authorization_model_resolution_too_complex',
        `expansion exceeded ${MAX_RESOLUTION_DEPTH} hops`,
      );
    }
    for (const { object, relation } of level) {
      if (target.filters.has(usersetLabel(relation.owner.id, relation.id))) {
        candidates.add(`${target.objects.name(object)}#${relation.name}`);
      }
      forEachPositiveNode(relation.rewrite, (node) => {
        if (node.kind === COMPUTED) reach(object, relation.owner.relationById[node.relation], level);
        if (node.kind === DIRECT) {
          for (const record of tuplesOf(object, relation.id)) {
            if (!admitted(record)) continue;
            if (record.userKind === USER_USERSET) {
              if (target.filters.has(usersetLabel(record.userType, record.userRelation)))
                candidates.add(record.key.user);
              reach(record.userObject, ts.relation(record.userType, record.userRelation), next);
            } else if (target.filters.has(plainLabel(record.userType))) {
              candidates.add(record.key.user);
            }
          }
        }
        if (node.kind === TUPLE_TO_USERSET) {
          for (const record of tuplesOf(object, node.tupleset)) {
            if (admitted(record)) reach(record.userObject, ts.relation(record.userType, node.relation), next);
          }
        }
      });
    }
    level = next;
    next = [];
  }
  if (conditionError !== undefined) throw conditionError;

  const users: string[] = [];
  for (const user of candidates) {
    const query = userQuery(ts, target.objects, target.overlay, target.context, user);
    const outcome = engine.evaluate(query, target.object, target.relation);
    if (outcome === ERROR) throw engine.error!;
    if (outcome === TRUE) users.push(user);
  }
  return users;
}
