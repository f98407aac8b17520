import { objectRelationKey, userKey } from '../model/labels.ts';
import type { TupleKey } from '../vocabulary/types.ts';

export const USER_OBJECT = 0;
export const USER_WILDCARD = 1;
export const USER_USERSET = 2;

/**
 * A tuple with every part interned. Built once when a tuple is written or a
 * contextual tuple arrives; the evaluator reads only its numeric fields.
 */
export class TupleRecord {
  /** The typesystem `valid` was computed for: stored tuples are re-judged when the model changes. */
  checkedBy: object | undefined = undefined;
  valid = false;
  readonly bucketKey: number;
  readonly userKey: number;
  /** Read for every tuple a check visits: a field of its own, the name string shared. */
  readonly conditionName: string | undefined;

  constructor(
    /** Replaced by the store's shared strings when the tuple is stored. */
    public key: TupleKey,
    readonly object: number,
    readonly objectType: number,
    readonly relation: number,
    /** Id of the user's object part: `user:anne`, `user:*` or `group:eng` of `group:eng#member`. */
    readonly userObject: number,
    readonly userType: number,
    /** Relation name id of a userset user, -1 otherwise. */
    readonly userRelation: number,
    readonly userKind: number,
    readonly contextual: boolean,
  ) {
    this.bucketKey = objectRelationKey(object, relation);
    this.userKey = userKey(userObject, userRelation);
    this.conditionName = key.condition?.name || undefined;
  }

  /** Read from the key, only for a tuple with a condition, rather than held twice: a copy of a production store holds a few hundred thousand records. */
  get conditionContext(): Readonly<Record<string, unknown>> | undefined {
    return this.key.condition?.context;
  }
}

/** Resolves object strings to ids; request-local resolvers hand out negative ids for unknown objects. */
export interface ObjectIds {
  id(object: string): number;
}
