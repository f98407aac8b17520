import type { TupleRecord } from './tuple-record.ts';

const NONE: readonly TupleRecord[] = [];

/**
 * A request's contextual tuples, indexed like the store. Built per request, so
 * it stays small: a map by object#relation, and a map by user built only when
 * ListObjects asks for it.
 */
export class Overlay {
  static readonly EMPTY = new Overlay([]);

  private readonly byBucket = new Map<number, TupleRecord[]>();
  private byUser: Map<number, TupleRecord[]> | undefined;

  constructor(readonly records: readonly TupleRecord[]) {
    for (const record of records) push(this.byBucket, record.bucketKey, record);
  }

  bucket(objectRelationKey: number): readonly TupleRecord[] {
    return this.byBucket.get(objectRelationKey) ?? NONE;
  }

  find(objectRelationKey: number, userKey: number): TupleRecord | undefined {
    const records = this.byBucket.get(objectRelationKey);
    if (records === undefined) return undefined;
    for (const record of records) if (record.userKey === userKey) return record;
    return undefined;
  }

  tuplesOfUser(userKey: number): readonly TupleRecord[] {
    if (this.byUser === undefined) {
      this.byUser = new Map();
      for (const record of this.records) push(this.byUser, record.userKey, record);
    }
    return this.byUser.get(userKey) ?? NONE;
  }
}

function push(map: Map<number, TupleRecord[]>, key: number, record: TupleRecord): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [record]);
  else list.push(record);
}
