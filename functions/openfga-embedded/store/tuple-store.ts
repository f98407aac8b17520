import { Interner } from '../model/interner.ts';
import type { TupleKey } from '../vocabulary/types.ts';
import { type ObjectIds, type TupleRecord, tupleIdentity, USER_USERSET } from './tuple-record.ts';

/** Buckets this small are scanned; larger ones get a map from user key to tuple. */
const SCAN_LIMIT = 8;

/** The tuples on one object#relation. */
export class Bucket {
  readonly all: TupleRecord[] = [];
  /** The tuples whose user is a userset (`group:eng#member`), followed by the direct rewrite. */
  readonly usersets: TupleRecord[] = [];
  private byUser: Map<number, TupleRecord> | undefined;

  find(userKey: number): TupleRecord | undefined {
    if (this.byUser !== undefined) return this.byUser.get(userKey);
    for (const record of this.all) if (record.userKey === userKey) return record;
    return undefined;
  }

  add(record: TupleRecord): void {
    this.all.push(record);
    if (record.userKind === USER_USERSET) this.usersets.push(record);
    if (this.byUser !== undefined) this.byUser.set(record.userKey, record);
    else if (this.all.length > SCAN_LIMIT) this.byUser = new Map(this.all.map((r) => [r.userKey, r]));
  }

  remove(record: TupleRecord): void {
    removeFrom(this.all, record);
    if (record.userKind === USER_USERSET) removeFrom(this.usersets, record);
    this.byUser?.delete(record.userKey);
  }
}

/**
 * The stored tuples, model-independent, with the indexes the evaluator needs:
 * by object#relation (Check) and by user (ListObjects walks edges backwards).
 * Validation against a model happens before `put`; tuples a later model no
 * longer allows stay stored and are skipped when read.
 */
export class TupleStore {
  /** Type and relation names, shared with every typesystem compiled for this store. */
  readonly names = new Interner();
  readonly objects = new Interner();
  private readonly byObjectRelation = new Map<number, Bucket>();
  private readonly byUser = new Map<number, TupleRecord[]>();
  private readonly byIdentity = new Map<string, TupleRecord>();
  /** Interns object strings of tuples about to be stored. */
  readonly objectIds: ObjectIds = { id: (object: string) => this.objects.intern(object) };

  /** Bumped by every write and delete: results derived from the tuples hold while it stays. */
  version = 0;

  get size(): number {
    return this.byIdentity.size;
  }

  bucket(objectRelationKey: number): Bucket | undefined {
    return this.byObjectRelation.get(objectRelationKey);
  }

  tuplesOfUser(userKey: number): readonly TupleRecord[] | undefined {
    return this.byUser.get(userKey);
  }

  /** Stores `record` (interned with `objectIds`), replacing a stored tuple with the same object, relation and user. */
  put(record: TupleRecord): void {
    this.delete(record.key);
    this.version++;
    this.byIdentity.set(tupleIdentity(record.key), record);
    let bucket = this.byObjectRelation.get(record.bucketKey);
    if (bucket === undefined) {
      bucket = new Bucket();
      this.byObjectRelation.set(record.bucketKey, bucket);
    }
    bucket.add(record);
    const ofUser = this.byUser.get(record.userKey);
    if (ofUser === undefined) this.byUser.set(record.userKey, [record]);
    else ofUser.push(record);
  }

  /** Removes the tuple with `key`'s object, relation and user; true when there was one. */
  delete(key: TupleKey): boolean {
    const identity = tupleIdentity(key);
    const record = this.byIdentity.get(identity);
    if (record === undefined) return false;
    this.version++;
    this.byIdentity.delete(identity);
    this.byObjectRelation.get(record.bucketKey)?.remove(record);
    const ofUser = this.byUser.get(record.userKey);
    if (ofUser !== undefined) removeFrom(ofUser, record);
    return true;
  }

  has(key: TupleKey): boolean {
    return this.byIdentity.has(tupleIdentity(key));
  }
}

function removeFrom(records: TupleRecord[], record: TupleRecord): void {
  const at = records.indexOf(record);
  if (at !== -1) records.splice(at, 1);
}
