import type { TupleRecord } from './tuple-record.ts';

const NONE: readonly TupleRecord[] = [];
/** Up to this many contextual tuples, scanning them beats building an index per request. */
const SCAN_LIMIT = 24;

/**
 * A request's contextual tuples. Built per request and usually a handful, so
 * lookups scan them; indexes are built only for large overlays, and the index
 * by user only when ListObjects, ListUsers or a membership walk asks.
 */
export class Overlay {
  static readonly EMPTY = new Overlay([]);

  private byBucket: Map<number, TupleRecord[]> | undefined;
  private byUser: Map<number, TupleRecord[]> | undefined;
  /**
   * Bit `relation % 32` of each tuple's relation. Most lookups are for relations
   * no contextual tuple has (a check reads many stored relations), and those
   * then scan nothing. `objectRelationKey & 31` is `relation & 31`: the object
   * part is a multiple of 65536.
   */
  private readonly relations: number;

  constructor(readonly records: readonly TupleRecord[]) {
    let relations = 0;
    for (const record of records) relations |= 1 << (record.relation & 31);
    this.relations = relations;
  }

  /** Tuples that may be on the object#relation `key`: callers still compare `bucketKey`. */
  near(objectRelationKey: number): readonly TupleRecord[] {
    if ((this.relations & (1 << (objectRelationKey & 31))) === 0) return NONE;
    if (this.records.length <= SCAN_LIMIT) return this.records;
    this.byBucket ??= index(this.records, (record) => record.bucketKey);
    return this.byBucket.get(objectRelationKey) ?? NONE;
  }

  find(objectRelationKey: number, userKey: number): TupleRecord | undefined {
    for (const record of this.near(objectRelationKey)) {
      if (record.bucketKey === objectRelationKey && record.userKey === userKey) return record;
    }
    return undefined;
  }

  /** The tuples whose user is exactly `userKey`. */
  tuplesOfUser(userKey: number): readonly TupleRecord[] {
    if (this.records.length === 0) return NONE;
    this.byUser ??= index(this.records, (record) => record.userKey);
    return this.byUser.get(userKey) ?? NONE;
  }
}

function index(
  records: readonly TupleRecord[],
  keyOf: (record: TupleRecord) => number,
): Map<number, TupleRecord[]> {
  const map = new Map<number, TupleRecord[]>();
  for (const record of records) {
    const key = keyOf(record);
    const list = map.get(key);
    if (list === undefined) map.set(key, [record]);
    else list.push(record);
  }
  return map;
}
