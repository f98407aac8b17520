import type { Typesystem } from '../model/typesystem.ts';
import { AuthzError } from '../vocabulary/errors.ts';
import { MAX_CONTEXTUAL_TUPLES, type TupleKey } from '../vocabulary/types.ts';
import { Overlay } from './overlay.ts';
import type { RequestObjects } from './request-objects.ts';
import { TupleRecord } from './tuple-record.ts';
import {
  allowedConditions,
  conditionProblem,
  recordOf,
  restrictionProblem,
  type TupleShape,
  tupleShape,
} from './tuple-validation.ts';

interface Checked {
  readonly ts: Typesystem;
  readonly object: string;
  readonly relation: string;
  readonly user: string;
  readonly condition: string | undefined;
  readonly shape: TupleShape;
  /** The conditions a tuple of this shape may carry: its type restriction was met when checked. */
  readonly conditions: ReadonlySet<string>;
  /** Stored object ids never change; -1 for objects that were not stored when checked. */
  readonly objectId: number;
  readonly userObjectId: number;
  /** How many objects were stored when checked: while unchanged, the -1s still hold. */
  readonly storedObjects: number;
}

/**
 * Tuple objects already checked against a model. A function sends the same
 * child facts with every check it makes for one child (a batch, one check per
 * case), so the same objects come back; a hit is trusted only while the
 * object's strings are still the ones that were checked.
 */
const checked = new WeakMap<TupleKey, Checked>();
/**
 * The same note on the tuple object itself, where it can take one (a frozen
 * object cannot): read with the object, where a WeakMap lookup costs a hash
 * probe into a table as large as all the facts in flight. Not enumerable, so
 * the caller's object serialises and compares as before.
 */
const CHECKED = Symbol('hoi.contextual-tuple-checked');
type Noted = TupleKey & { [CHECKED]?: Checked };

function noteOf(key: TupleKey): Checked | undefined {
  return (key as Noted)[CHECKED] ?? checked.get(key);
}

function note(key: TupleKey, value: Checked): void {
  if (Object.isExtensible(key)) {
    Object.defineProperty(key, CHECKED, { value, writable: true, configurable: true, enumerable: false });
  } else {
    checked.set(key, value);
  }
}

/**
 * A request's contextual tuples, validated like written tuples (any problem is
 * invalid_tuple, 2027) and interned with request-local object ids. More than
 * the server takes is refused first, as its request validation does, with its
 * code and message (validation_error, 2000).
 */
export function contextualOverlay(
  ts: Typesystem,
  objects: RequestObjects,
  tuples: readonly TupleKey[] | undefined,
): Overlay {
  if (tuples === undefined || tuples.length === 0) return Overlay.EMPTY;
  if (tuples.length > MAX_CONTEXTUAL_TUPLES) {
    throw new AuthzError(
      'validation_error',
      `invalid ContextualTupleKeys.TupleKeys: value must contain no more than ${MAX_CONTEXTUAL_TUPLES} item(s)`,
    );
  }
  const records: TupleRecord[] = [];
  for (const key of tuples) {
    const known = noteOf(key);
    let record: TupleRecord;
    if (known !== undefined && stillChecked(known, ts, key)) {
      record = knownRecord(key, known, objects);
      // A condition is not compared, so its name and context keys are checked again.
      if (record.conditionName !== undefined || known.condition !== undefined)
        throwIfInvalid(conditionProblem(ts, record, known.conditions));
    } else {
      const shape = tupleShape(ts, key);
      if (typeof shape === 'string') throw invalidTuple(shape);
      record = recordOf(key, shape, objects, true);
      throwIfInvalid(restrictionProblem(ts, record));
      note(key, {
        ts,
        object: key.object,
        relation: key.relation,
        user: key.user,
        condition: key.condition?.name,
        shape,
        conditions: allowedConditions(ts, record)!,
        objectId: objects.storedId(key.object),
        userObjectId: objects.storedId(shape.userObject),
        storedObjects: objects.storedCount,
      });
    }
    record.checkedBy = ts;
    record.valid = true;
    records.push(record);
  }
  return new Overlay(records);
}

function stillChecked(known: Checked, ts: Typesystem, key: TupleKey): boolean {
  return (
    known.ts === ts &&
    known.object === key.object &&
    known.relation === key.relation &&
    known.user === key.user
  );
}

function knownRecord(key: TupleKey, known: Checked, objects: RequestObjects): TupleRecord {
  const unchanged = objects.storedCount === known.storedObjects;
  const { shape } = known;
  const objectId =
    known.objectId !== -1 ? known.objectId : unchanged ? objects.localId(key.object) : objects.id(key.object);
  const userObjectId =
    known.userObjectId !== -1
      ? known.userObjectId
      : unchanged
        ? objects.localId(shape.userObject)
        : objects.id(shape.userObject);
  return new TupleRecord(
    key,
    objectId,
    shape.objectType,
    shape.relation,
    userObjectId,
    shape.userType,
    shape.userRelation,
    shape.userKind,
    true,
  );
}

function throwIfInvalid(problem: string | undefined): void {
  if (problem !== undefined) throw invalidTuple(problem);
}

function invalidTuple(problem: string): AuthzError {
  return new AuthzError('invalid_tuple', `invalid contextual tuple: ${problem}`);
}
