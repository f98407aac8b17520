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

/** An overlay built from one list of tuples, and what must still hold to hand it out again. */
interface Built {
  readonly ts: Typesystem;
  /** How many objects were stored: a tuple's object that became stored since has another id. */
  readonly storedObjects: number;
  /** The tuple objects it was built from, in order, and what each was checked as. */
  readonly keys: readonly TupleKey[];
  readonly checks: readonly Checked[];
  readonly overlay: Overlay;
  /** The request-local objects it named, in the order it gave them ids, and by name. */
  readonly localObjects: readonly string[];
  readonly localIds: ReadonlyMap<string, number>;
  /**
   * Its tuples, their conditions and contexts were frozen when it was built: none can have
   * changed since (a frozen object stays frozen), so a hit compares the list's tuple objects only.
   */
  readonly sealed: boolean;
}

/**
 * Overlays by the list they were built from. A batch sends one list of child
 * facts with every check in it (one per case), and each check's request
 * objects start empty, so the list gets the same records and local ids every
 * time: it is built once per list, not per check. A hit is handed out only
 * while the list holds the same tuple objects, each with the strings it was
 * checked with, the condition it carried, and the store names as many objects.
 */
const builtFrom = new WeakMap<readonly TupleKey[], Built>();
/** The same note on the list itself where it can take one, as `CHECKED` on a tuple: no hash probe. */
const BUILT = Symbol('hoi.contextual-overlay-built');
type NotedList = readonly TupleKey[] & { [BUILT]?: Built };

function builtOf(tuples: readonly TupleKey[]): Built | undefined {
  return (tuples as NotedList)[BUILT] ?? builtFrom.get(tuples);
}

function noteBuilt(tuples: readonly TupleKey[], built: Built): void {
  if (Object.isExtensible(tuples)) {
    Object.defineProperty(tuples, BUILT, {
      value: built,
      writable: true,
      configurable: true,
      enumerable: false,
    });
  } else {
    builtFrom.set(tuples, built);
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
  const fresh = objects.localObjects.length === 0;
  const built = fresh ? builtOf(tuples) : undefined;
  if (built !== undefined && stillBuilt(built, ts, objects, tuples)) {
    objects.adopt(built.localObjects, built.localIds);
    return built.overlay;
  }
  const overlay = buildOverlay(ts, objects, tuples);
  if (fresh) {
    noteBuilt(tuples, {
      ts,
      storedObjects: objects.storedCount,
      keys: [...tuples],
      checks: tuples.map((key) => noteOf(key)!),
      overlay,
      localObjects: [...objects.localObjects],
      localIds: new Map(objects.localIds),
      sealed: isSealed(tuples),
    });
  }
  return overlay;
}

/** Whether `built` is still what building `tuples` would give; a condition is checked again, as on a build. */
function stillBuilt(
  built: Built,
  ts: Typesystem,
  objects: RequestObjects,
  tuples: readonly TupleKey[],
): boolean {
  if (built.ts !== ts || built.storedObjects !== objects.storedCount || built.keys.length !== tuples.length)
    return false;
  if (built.sealed) {
    // The very frozen objects it was built from, checked then (conditions included) under this model.
    const { keys } = built;
    for (let i = 0; i < tuples.length; i++) if (tuples[i] !== keys[i]) return false;
    return true;
  }
  const { records } = built.overlay;
  for (let i = 0; i < tuples.length; i++) {
    const key = tuples[i]!;
    const record = records[i]!;
    if (key !== built.keys[i] || !stillChecked(built.checks[i]!, ts, key)) return false;
    const condition = key.condition;
    if (condition === undefined) {
      if (record.conditionName !== undefined || record.conditionContext !== undefined) return false;
    } else if (
      (condition.name || undefined) !== record.conditionName ||
      condition.context !== record.conditionContext
    )
      return false;
  }
  for (let i = 0; i < tuples.length; i++) {
    const record = records[i]!;
    const known = built.checks[i]!;
    if (record.conditionName !== undefined || known.condition !== undefined)
      throwIfInvalid(conditionProblem(ts, record, known.conditions));
  }
  return true;
}

/**
 * Whether every tuple of the list, and all of it a build reads, is frozen (a condition's context
 * by its keys). The list itself may change: a hit compares its tuple objects. Left extensible, it
 * carries its note (BUILT) where a frozen one would need the WeakMap's hash probe.
 */
function isSealed(tuples: readonly TupleKey[]): boolean {
  for (const key of tuples) {
    if (!Object.isFrozen(key)) return false;
    const condition = key.condition;
    if (condition !== undefined) {
      if (!Object.isFrozen(condition)) return false;
      if (condition.context !== undefined && !Object.isFrozen(condition.context)) return false;
    }
  }
  return true;
}

function buildOverlay(ts: Typesystem, objects: RequestObjects, tuples: readonly TupleKey[]): Overlay {
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
