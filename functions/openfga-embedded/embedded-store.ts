import { compileConditions } from './conditions/index.ts';
import { Evaluator } from './evaluator.ts';
import { Typesystem } from './model/typesystem.ts';
import type { TupleRecord } from './store/tuple-record.ts';
import { TupleStore } from './store/tuple-store.ts';
import { internTuple } from './store/tuple-validation.ts';
import { AuthzError } from './vocabulary/errors.ts';
import type { AuthorizationModel, TupleKey } from './vocabulary/types.ts';

const UNSTORED = { id: () => -1 };

/**
 * An OpenFGA store in memory: tuples that outlive model versions, and the
 * latest model every read uses. Tuples written under an older model that the
 * latest one no longer allows stay stored and are ignored when read.
 */
export class EmbeddedStore {
  private readonly tuples = new TupleStore();
  private latest: Evaluator | undefined;

  /** Compiles `model` and makes it the one requests use; throws AuthzError('validation_error'). */
  writeModel(model: AuthorizationModel): void {
    this.latest = new Evaluator(Typesystem.compile(model, this.tuples.names, compileConditions), this.tuples);
  }

  get evaluator(): Evaluator {
    if (this.latest === undefined)
      throw new AuthzError('validation_error', 'the store has no authorization model');
    return this.latest;
  }

  /** Validates every tuple against the latest model, then writes them all; one invalid tuple writes none. */
  write(tuples: readonly TupleKey[]): void {
    const ts = this.evaluator.ts;
    for (const tuple of tuples) {
      // Validate with throwaway object ids first, so a rejected batch interns nothing.
      const problem = internTuple(ts, tuple, UNSTORED, false);
      if (typeof problem === 'string') {
        throw new AuthzError(
          'invalid_tuple',
          `cannot write ${tuple.object}#${tuple.relation}@${tuple.user}: ${problem}`,
        );
      }
    }
    for (const tuple of tuples)
      this.tuples.put(internTuple(ts, tuple, this.tuples.objectIds, false) as TupleRecord);
  }

  /** Deletes tuples by object, relation and user; tuples that are not stored are ignored. */
  delete(tuples: readonly TupleKey[]): void {
    for (const tuple of tuples) this.tuples.delete(tuple);
  }

  get size(): number {
    return this.tuples.size;
  }
}
