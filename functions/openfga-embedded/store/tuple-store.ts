import { Interner } from '../model/interner.ts';
import { objectRelationKey, userKey } from '../model/labels.ts';
import type { TupleKey } from '../vocabulary/types.ts';
import { type ObjectIds, type TupleRecord, USER_USERSET } from './tuple-record.ts';
import { userObjectOf } from './tuple-string.ts';

/** Buckets this small are scanned; larger ones get a map from user key to tuple. */
const SCAN_LIMIT = 8;
const NONE: readonly TupleRecord[] = [];

/**
 * Lists that stay short (most buckets hold one tuple, most users a few) are
 * replaced on every change, so each holds exactly its elements: a pushed-to
 * array reserves room for 16 more, which for a store of single-tuple buckets
 * was most of its memory. Past SCAN_LIMIT they grow in place.
 */
function added(list: readonly TupleRecord[], record: TupleRecord): TupleRecord[] {
  if (list.length >= SCAN_LIMIT) {
    (list as TupleRecord[]).push(record);
    return list as TupleRecord[];
  }
  return list.concat(record); // packed, and exactly as long: spread or slice-and-push reserve room
}

function removed(list: readonly TupleRecord[], record: TupleRecord): readonly TupleRecord[] {
  const at = list.indexOf(record);
  if (at === -1) return list;
  if (list.length === 1) return NONE;
  if (list.length > SCAN_LIMIT) {
    (list as TupleRecord[]).splice(at, 1);
    return list;
  }
  return list.filter((_, i) => i !== at);
}

/** The tuples on one object#relation. */
export class Bucket {
  all: readonly TupleRecord[] = NONE;
  /** The tuples whose user is a userset (`group:eng#member`), followed by the direct rewrite. */
  usersets: readonly TupleRecord[] = NONE;
  private byUser: Map<number, TupleRecord> | undefined;

  find(userKey: number): TupleRecord | undefined {
    if (this.byUser !== undefined) return this.byUser.get(userKey);
    for (const record of this.all) if (record.userKey === userKey) return record;
    return undefined;
  }

  add(record: TupleRecord): void {
    this.all = added(this.all, record);
    if (record.userKind === USER_USERSET) this.usersets = added(this.usersets, record);
    if (this.byUser !== undefined) this.byUser.set(record.userKey, record);
    else if (this.all.length > SCAN_LIMIT) this.byUser = new Map(this.all.map((r) => [r.userKey, r]));
  }

  remove(record: TupleRecord): void {
    this.all = removed(this.all, record);
    if (record.userKind === USER_USERSET) this.usersets = removed(this.usersets, record);
    this.byUser?.delete(record.userKey);
  }
}

/**
 * The stored tuples, model-independent, with the indexes the evaluator needs:
 * by object#relation (Check) and by user (ListObjects walks edges backwards).
 * Validation against a model happens before `put`; tuples a later model no
 * longer allows stay stored and are skipped when read.
 *
 * A tuple is found by its interned parts (its bucket, then its user), and its
 * key is rebuilt from the interned strings: a copy of a production store
 * holds a few hundred thousand tuples in a function's memory, and a string
 * identity per tuple, or strings of its own, cost more than the tuple.
 */
export class TupleStore {
  /** Type and relation names, shared with every typesystem compiled for this store. */
  readonly names = new Interner();
  readonly objects = new Interner();
  private readonly byObjectRelation = new Map<number, Bucket>();
  private readonly byUser = new Map<number, readonly TupleRecord[]>();
  private count = 0;
  /** Interns object strings of tuples about to be stored. */
  readonly objectIds: ObjectIds = { id: (object: string) => this.objects.intern(object) };

  /** Bumped by every write and delete: results derived from the tuples hold while it stays. */
  version = 0;

  get size(): number {
    return this.count;
  }

  bucket(objectRelationKey: number): Bucket | undefined {
    return this.byObjectRelation.get(objectRelationKey);
  }

  tuplesOfUser(userKey: number): readonly TupleRecord[] | undefined {
    return this.byUser.get(userKey);
  }

  /** Stores `record` (interned with `objectIds`), replacing a stored tuple with the same object, relation and user. */
  put(record: TupleRecord): void {
    let bucket = this.byObjectRelation.get(record.bucketKey);
    const replaced = bucket?.find(record.userKey);
    if (replaced !== undefined) {
      this.remove(bucket!, replaced);
      bucket = this.byObjectRelation.get(record.bucketKey);
    }
    this.version++;
    this.count++;
    record.key = this.sharedKey(record);
    if (bucket === undefined) {
      bucket = new Bucket();
      this.byObjectRelation.set(record.bucketKey, bucket);
    }
    bucket.add(record);
    this.byUser.set(record.userKey, added(this.byUser.get(record.userKey) ?? NONE, record));
  }

  /** Removes the tuple with `key`'s object, relation and user; true when there was one. */
  delete(key: TupleKey): boolean {
    const found = this.find(key);
    if (found === undefined) return false;
    this.remove(found.bucket, found.record);
    return true;
  }

  has(key: TupleKey): boolean {
    return this.find(key) !== undefined;
  }

  private remove(bucket: Bucket, record: TupleRecord): void {
    this.version++;
    this.count--;
    bucket.remove(record);
    if (bucket.all.length === 0) this.byObjectRelation.delete(record.bucketKey);
    const ofUser = removed(this.byUser.get(record.userKey) ?? NONE, record);
    if (ofUser.length === 0) this.byUser.delete(record.userKey);
    else this.byUser.set(record.userKey, ofUser);
  }

  /** The stored tuple with `key`'s object, relation and user, by their interned ids (nothing is interned). */
  private find(key: TupleKey): { bucket: Bucket; record: TupleRecord } | undefined {
    const object = this.objects.find(key.object);
    const relation = this.names.find(key.relation);
    if (object === -1 || relation === -1) return undefined;
    const bucket = this.byObjectRelation.get(objectRelationKey(object, relation));
    if (bucket === undefined) return undefined;
    const objectPart = userObjectOf(key.user);
    const userset = objectPart.length < key.user.length;
    const userObject = this.objects.find(objectPart);
    const userRelation = userset ? this.names.find(key.user.slice(objectPart.length + 1)) : -1;
    if (userObject === -1 || (userset && userRelation === -1)) return undefined;
    const record = bucket.find(userKey(userObject, userRelation));
    return record === undefined ? undefined : { bucket, record };
  }

  /** The record's key on the interned strings (the object, relation and user's object are shared by every tuple naming them). */
  private sharedKey(record: TupleRecord): TupleKey {
    const { key } = record;
    const user = record.userKind === USER_USERSET ? key.user : this.objects.name(record.userObject);
    const shared = {
      object: this.objects.name(record.object),
      relation: this.names.name(record.relation),
      user,
    };
    return key.condition === undefined ? shared : { ...shared, condition: key.condition };
  }
}
