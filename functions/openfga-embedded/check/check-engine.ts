import { objectRelationKey, usersetLabel } from '../model/labels.ts';
import {
  COMPUTED,
  DIRECT,
  INTERSECTION,
  type RewritePlan,
  TUPLE_TO_USERSET,
  UNION,
} from '../model/rewrite-plan.ts';
import { DIRECTLY, REACHES, type RelationInfo, type Typesystem, WILDCARD } from '../model/typesystem.ts';
import type { TupleRecord } from '../store/tuple-record.ts';
import type { TupleStore } from '../store/tuple-store.ts';
import { isReadable } from '../store/tuple-validation.ts';
import { AuthzError } from '../vocabulary/errors.ts';
import { conditionOutcome } from './condition-outcome.ts';
import type { ExplainRecorder } from './explain-recorder.ts';
import { memberships, StoredMemberships, touches } from './memberships.ts';
import {
  bitOf,
  CONDITION_FAILED,
  CYCLE,
  ERROR,
  FALSE,
  GRANTED,
  MAX_RESOLUTION_DEPTH,
  type Outcome,
  outcomeOf,
  PASSED,
  TRUE,
} from './outcome.ts';
import type { Query } from './query.ts';

/** ExplainStep rule names, indexed by rewrite kind. */
const RULES = ['direct', 'computed', 'tuple_to_userset', 'union', 'intersection', 'exclusion'];

/**
 * Resolves Check the way OpenFGA's LocalChecker does, synchronously and without
 * allocating on the common path: relation rewrites become plan nodes, tuples
 * come from the indexed store plus the request's contextual overlay, cycles are
 * detected on the current path, each userset or tuple-to-userset hop counts
 * towards the depth limit, and errors lose to any branch that grants access.
 *
 * One engine serves one request at a time (JavaScript runs it to completion).
 */
export class CheckEngine {
  /** The last error seen; meaningful when the outcome is ERROR. */
  error: AuthzError | undefined;
  /** Set while explaining: every step is reported to it. */
  recorder: ExplainRecorder | undefined;

  private query!: Query;
  private readonly path: number[] = [];
  private pathLength = 0;
  /** Memberships found walking back from the current query's user, by userset relation. */
  private memberships = new Map<RelationInfo, Map<number, number>>();
  /** Memberships from stored tuples alone, kept across requests by userset relation and user. */
  private readonly storedMemberships = new StoredMemberships();

  constructor(
    readonly ts: Typesystem,
    readonly store: TupleStore,
  ) {}

  evaluate(query: Query, object: number, relation: RelationInfo): Outcome {
    if (query !== this.query && this.memberships.size > 0) this.memberships = new Map();
    this.query = query;
    this.pathLength = 0;
    this.error = undefined;
    return this.resolve(object, relation, 0);
  }

  private resolve(object: number, relation: RelationInfo, depth: number): Outcome {
    if (depth === MAX_RESOLUTION_DEPTH) {
      this.error = new AuthzError(
        'authorization_model_resolution_too_complex',
        `resolution exceeded the depth limit of ${MAX_RESOLUTION_DEPTH}`,
      );
      this.recorder?.note(this.nodeName(object, relation.id), 'depth_exceeded', ERROR);
      return ERROR;
    }
    const key = objectRelationKey(object, relation.id);
    for (let i = 0; i < this.pathLength; i++) {
      if (this.path[i] === key) {
        this.recorder?.note(this.nodeName(object, relation.id), 'cycle', CYCLE);
        return CYCLE;
      }
    }
    const q = this.query;
    // A userset is a member of itself: Check(group:1#member, member, group:1) holds without tuples.
    if (q.userRelation === relation.id && q.userObject === object) {
      this.recorder?.note(this.nodeName(object, relation.id), 'self', TRUE);
      return TRUE;
    }
    // OpenFGA's PathExists: when the model has no path from the user's type, no tuple can matter,
    // and neither can the errors reading them might raise.
    if ((relation.userBits(q.userLabel, q.wildcardLabel, q.userType) & REACHES) === 0) return FALSE;
    this.path[this.pathLength++] = key;
    const outcome = this.rewrite(relation.rewrite, object, relation, depth);
    this.pathLength--;
    return outcome;
  }

  private rewrite(plan: RewritePlan, object: number, relation: RelationInfo, depth: number): Outcome {
    const recorder = this.recorder;
    recorder?.enter(
      this.nodeName(object, plan.kind === COMPUTED ? plan.relation : relation.id),
      RULES[plan.kind]!,
    );
    let outcome: Outcome;
    switch (plan.kind) {
      case DIRECT:
        outcome = this.direct(object, relation, depth);
        break;
      case COMPUTED:
        outcome = this.resolve(object, relation.owner.relationById[plan.relation]!, depth);
        break;
      case TUPLE_TO_USERSET:
        outcome = this.tupleToUserset(plan, object, depth);
        break;
      case UNION:
        outcome = this.union(plan.children, object, relation, depth);
        break;
      case INTERSECTION:
        outcome = this.intersection(plan.children, object, relation, depth);
        break;
      default:
        outcome = this.exclusion(plan.children, object, relation, depth);
    }
    recorder?.exit(outcome);
    return outcome;
  }

  private union(
    children: readonly RewritePlan[],
    object: number,
    relation: RelationInfo,
    depth: number,
  ): Outcome {
    let sawError = false;
    let sawCycle = false;
    for (const child of children) {
      const outcome = this.rewrite(child, object, relation, depth);
      if (outcome === TRUE) return TRUE;
      if (outcome === ERROR) sawError = true;
      else if (outcome === CYCLE) sawCycle = true;
    }
    return sawError ? ERROR : sawCycle ? CYCLE : FALSE;
  }

  private intersection(
    children: readonly RewritePlan[],
    object: number,
    relation: RelationInfo,
    depth: number,
  ): Outcome {
    let sawError = false;
    // As in OpenFGA, an operand that is false (or met a cycle) decides before any operand's error.
    for (const child of children) {
      const outcome = this.rewrite(child, object, relation, depth);
      if (outcome === FALSE || outcome === CYCLE) return outcome;
      if (outcome === ERROR) sawError = true;
    }
    return sawError ? ERROR : TRUE;
  }

  private exclusion(
    children: readonly RewritePlan[],
    object: number,
    relation: RelationInfo,
    depth: number,
  ): Outcome {
    // As in OpenFGA: a cycle in either operand makes the exclusion false (still flagged as a
    // cycle for an exclusion above), and a granting subtract decides before any error.
    const base = this.rewrite(children[0]!, object, relation, depth);
    if (base === FALSE || base === CYCLE) return base;
    const subtract = this.rewrite(children[1]!, object, relation, depth);
    if (subtract === CYCLE) return CYCLE;
    if (subtract === TRUE) return FALSE;
    return base === ERROR || subtract === ERROR ? ERROR : TRUE;
  }

  /** `[user, user:*, group#member]`: the exact tuple, the public wildcard, then each userset. */
  private direct(object: number, relation: RelationInfo, depth: number): Outcome {
    const q = this.query;
    const key = objectRelationKey(object, relation.id);
    const bucket = this.store.bucket(key);
    let sawError = false;
    const bits = relation.userBits(q.userLabel, q.wildcardLabel, q.userType);
    if ((bits & DIRECTLY) !== 0) {
      const found = q.overlay.find(key, q.userKey) ?? bucket?.find(q.userKey);
      const outcome = found === undefined ? FALSE : this.matched(found);
      if (outcome === TRUE) return TRUE;
      if (outcome === ERROR) sawError = true;
    }
    if (q.wildcardKey !== undefined && (bits & WILDCARD) !== 0) {
      const found = q.overlay.find(key, q.wildcardKey) ?? bucket?.find(q.wildcardKey);
      const outcome = found === undefined ? FALSE : this.matched(found);
      if (outcome === TRUE) return TRUE;
      if (outcome === ERROR) sawError = true;
    }
    if (relation.usersetLabels.size === 0) return sawError ? ERROR : FALSE;
    const outcome = this.usersets(relation, key, bucket?.usersets, depth);
    return outcome === TRUE ? TRUE : sawError ? ERROR : outcome;
  }

  /** A tuple naming the user itself (or its type's wildcard): valid under the model and its condition met. */
  private matched(record: TupleRecord): Outcome {
    if (!this.readable(record)) return FALSE;
    const outcome = this.condition(record);
    this.recorder?.note(this.nodeName(record.object, record.relation), 'direct', outcome, record);
    return outcome;
  }

  private usersets(
    relation: RelationInfo,
    key: number,
    stored: readonly TupleRecord[] | undefined,
    depth: number,
  ): Outcome {
    let seen = this.followUsersets(this.query.overlay.near(key), key, relation, depth);
    if ((seen & GRANTED) === 0 && stored !== undefined)
      seen |= this.followUsersets(stored, key, relation, depth);
    return outcomeOf(seen);
  }

  private followUsersets(
    records: readonly TupleRecord[],
    key: number,
    relation: RelationInfo,
    depth: number,
  ): number {
    let seen = 0;
    for (const record of records) {
      if (record.bucketKey !== key || record.userRelation === -1) continue;
      if (
        !relation.usersetLabels.has(usersetLabel(record.userType, record.userRelation)) ||
        !this.readable(record)
      )
        continue;
      const condition = this.condition(record);
      if (condition !== TRUE) {
        if (condition === ERROR) seen |= CONDITION_FAILED;
        continue;
      }
      const target = this.ts.relation(record.userType, record.userRelation)!;
      this.recorder?.enter(this.nodeName(record.object, record.relation), 'direct', record);
      const outcome =
        target.reverseFeeds === undefined
          ? this.resolve(record.userObject, target, depth + 1)
          : this.member(record.userObject, target, depth + 1);
      this.recorder?.exit(outcome);
      seen |= PASSED | bitOf(outcome);
      if (outcome === TRUE) break;
    }
    return seen;
  }

  /**
   * Whether the user is in `object#target`, answered from the user's memberships
   * (see reverse-plan.ts). Near the depth limit the forward walk decides, so the
   * limit applies as it would there. While explaining, a granted membership is
   * walked forwards as well to show its path.
   */
  private member(object: number, target: RelationInfo, depth: number): Outcome {
    let found = this.memberships.get(target);
    if (found === undefined) {
      const q = this.query;
      // Contextual tuples the walk could read make the answer this request's own.
      const shareable = q.userObject >= 0 && !touches(q.overlay, target.reverseTupleKeys!);
      found = shareable ? this.storedMemberships.get(target, q.userKey, this.store.version) : undefined;
      if (found === undefined) {
        found = memberships(this.ts, this.store, q, target);
        if (shareable) this.storedMemberships.set(target, q.userKey, found);
      }
      this.memberships.set(target, found);
    }
    const hops = found.get(object);
    if (hops === undefined) {
      this.recorder?.note(this.nodeName(object, target.id), 'direct', FALSE);
      return FALSE;
    }
    if (depth + hops >= MAX_RESOLUTION_DEPTH || this.recorder !== undefined)
      return this.resolve(object, target, depth);
    return TRUE;
  }

  /** `parent_rel from tupleset`: every parent the tupleset names that defines the relation. */
  private tupleToUserset(plan: RewritePlan, object: number, depth: number): Outcome {
    const key = objectRelationKey(object, plan.tupleset);
    let seen = this.followParents(this.query.overlay.near(key), key, plan.relation, depth);
    const stored = this.store.bucket(key)?.all;
    if ((seen & GRANTED) === 0 && stored !== undefined)
      seen |= this.followParents(stored, key, plan.relation, depth);
    return outcomeOf(seen);
  }

  private followParents(
    records: readonly TupleRecord[],
    key: number,
    parentRelation: number,
    depth: number,
  ): number {
    let seen = 0;
    for (const record of records) {
      if (record.bucketKey !== key || !this.readable(record)) continue;
      const condition = this.condition(record);
      if (condition !== TRUE) {
        if (condition === ERROR) seen |= CONDITION_FAILED;
        continue;
      }
      seen |= PASSED;
      const target = this.ts.relation(record.userType, parentRelation);
      if (target === undefined) continue;
      this.recorder?.enter(this.nodeName(record.userObject, parentRelation), 'tuple_to_userset', record);
      const outcome = this.resolve(record.userObject, target, depth + 1);
      this.recorder?.exit(outcome);
      seen |= bitOf(outcome);
      if (outcome === TRUE) break;
    }
    return seen;
  }

  private readable(record: TupleRecord): boolean {
    return record.checkedBy === this.ts ? record.valid : isReadable(this.ts, record);
  }

  private condition(record: TupleRecord): Outcome {
    if (record.conditionName === undefined) return TRUE;
    const result = conditionOutcome(this.ts, record, this.query.context);
    let outcome: Outcome;
    if (result instanceof AuthzError) {
      this.error = result;
      outcome = ERROR;
    } else {
      outcome = result;
    }
    this.recorder?.note(`condition ${record.conditionName}`, 'condition', outcome);
    return outcome;
  }

  private nodeName(object: number, relation: number): string {
    return `${this.query.objects.name(object)}#${this.ts.names.name(relation)}`;
  }
}
