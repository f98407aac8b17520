import type { TupleKey } from '../../openfga-embedded/vocabulary/types.ts';
import { compareTuples } from './map-organisation.ts';

export interface TupleDiff {
  /** In the desired set, not yet stored. */
  readonly writes: TupleKey[];
  /** Stored, no longer desired. */
  readonly deletes: TupleKey[];
}

/** Identity of a tuple: object, relation, user and its condition, if any. */
export function tupleIdentity(tuple: TupleKey): string {
  const base = `${tuple.object}#${tuple.relation}@${tuple.user}`;
  if (!tuple.condition) return base;
  const context = tuple.condition.context ?? {};
  const sorted = Object.keys(context)
    .sort()
    .map((key) => [key, context[key]]);
  return `${base} with ${tuple.condition.name} ${JSON.stringify(sorted)}`;
}

/**
 * What an incremental sync must change so that the store holds exactly
 * `desired`. Both lists are sorted and free of duplicates. A tuple whose
 * condition changed appears in both: apply the deletes before the writes.
 */
export function diffTuples(current: readonly TupleKey[], desired: readonly TupleKey[]): TupleDiff {
  const have = new Map(current.map((t) => [tupleIdentity(t), t]));
  const want = new Map(desired.map((t) => [tupleIdentity(t), t]));
  const writes = [...want].filter(([id]) => !have.has(id)).map(([, t]) => t);
  const deletes = [...have].filter(([id]) => !want.has(id)).map(([, t]) => t);
  return { writes: writes.sort(compareTuples), deletes: deletes.sort(compareTuples) };
}
