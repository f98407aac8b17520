import { describe, expect, it } from 'vitest';
import { modelFromDsl } from '../../runtime/authz/model.ts';
import { tuple } from '../../testing/test-model.ts';
import { compileConditions } from '../conditions/index.ts';
import { objectRelationKey, userKey } from '../model/labels.ts';
import { Typesystem } from '../model/typesystem.ts';
import type { TupleKey } from '../vocabulary/types.ts';
import type { TupleRecord } from './tuple-record.ts';
import { TupleStore } from './tuple-store.ts';
import { internTuple } from './tuple-validation.ts';

const MODEL = modelFromDsl(`model
  schema 1.1
type user
type group
  relations
    define member: [user, group#member]
type document
  relations
    define viewer: [user, user:*, group#member]
    define owner: [user with weekday]
condition weekday(day: string) {
  day != "sunday"
}`);

function storeWith(...keys: TupleKey[]) {
  const store = new TupleStore();
  const ts = Typesystem.compile(MODEL, store.names, compileConditions);
  const put = (key: TupleKey) => store.put(internTuple(ts, key, store.objectIds, false) as TupleRecord);
  for (const key of keys) put(key);
  const bucketOf = (object: string, relation: string) =>
    store.bucket(objectRelationKey(store.objects.find(object), store.names.find(relation)));
  const ofUser = (user: string) => store.tuplesOfUser(userKey(store.objects.find(user), -1)) ?? [];
  return { store, put, bucketOf, ofUser };
}

describe('the tuple store', () => {
  it('finds, replaces and deletes a tuple by its parts, counting what it holds', () => {
    const { store, put, bucketOf, ofUser } = storeWith(
      tuple('document:1#viewer@user:anne'),
      tuple('document:1#viewer@group:eng#member'),
      tuple('document:2#viewer@user:anne'),
    );
    expect(store.size).toBe(3);
    expect(store.has(tuple('document:1#viewer@group:eng#member'))).toBe(true);
    expect(store.has(tuple('document:1#viewer@group:ops#member'))).toBe(false);
    expect(store.has(tuple('document:3#viewer@user:anne'))).toBe(false);
    expect(bucketOf('document:1', 'viewer')!.all.map((r) => r.key.user)).toEqual([
      'user:anne',
      'group:eng#member',
    ]);
    expect(bucketOf('document:1', 'viewer')!.usersets.map((r) => r.key.user)).toEqual(['group:eng#member']);

    // Writing a stored tuple again replaces it: one tuple, the newer record.
    const before = store.version;
    put(tuple('document:2#viewer@user:anne'));
    expect(store.size).toBe(3);
    expect(store.version).toBeGreaterThan(before);
    expect(bucketOf('document:2', 'viewer')!.all).toHaveLength(1);
    expect(ofUser('user:anne').map((r) => r.key.object)).toEqual(['document:1', 'document:2']);

    expect(store.delete(tuple('document:1#viewer@group:eng#member'))).toBe(true);
    expect(store.delete(tuple('document:1#viewer@group:eng#member'))).toBe(false);
    expect(bucketOf('document:1', 'viewer')!.usersets).toEqual([]);
    expect(store.delete(tuple('document:2#viewer@user:anne'))).toBe(true);
    expect(bucketOf('document:2', 'viewer')).toBeUndefined();
    expect(ofUser('user:anne').map((r) => r.key.object)).toEqual(['document:1']);
    expect(store.size).toBe(1);
  });

  it('keeps a replaced sole tuple findable (its emptied bucket is not the one it lands in)', () => {
    const { store, put, bucketOf } = storeWith(tuple('document:1#owner@user:anne', { name: 'weekday' }));
    put(tuple('document:1#owner@user:anne', { name: 'weekday', context: { day: 'monday' } }));
    expect(store.size).toBe(1);
    const [record] = bucketOf('document:1', 'owner')!.all;
    expect(record!.conditionContext).toEqual({ day: 'monday' });
    expect(bucketOf('document:1', 'owner')!.find(record!.userKey)).toBe(record);
    expect(store.has(tuple('document:1#owner@user:anne'))).toBe(true);
  });

  it('keys every tuple on the strings it interned, the condition kept', () => {
    const { store, bucketOf } = storeWith(
      { object: `document:${'1'}`, relation: ['vie', 'wer'].join(''), user: `user:${'anne'}` },
      tuple('document:1#owner@user:anne', { name: 'weekday', context: { day: 'monday' } }),
      tuple('document:1#viewer@user:*'),
    );
    const [viewer, wildcard] = bucketOf('document:1', 'viewer')!.all;
    const [owner] = bucketOf('document:1', 'owner')!.all;
    expect(viewer!.key).toEqual({ object: 'document:1', relation: 'viewer', user: 'user:anne' });
    expect(owner!.key).toEqual({
      object: 'document:1',
      relation: 'owner',
      user: 'user:anne',
      condition: { name: 'weekday', context: { day: 'monday' } },
    });
    expect(wildcard!.key.user).toBe('user:*');
    expect(store.objects.name(viewer!.object)).toBe(viewer!.key.object);
  });

  it('indexes a bucket past its scan limit and keeps it consistent through deletes', () => {
    const users = Array.from({ length: 20 }, (_, i) => `user:u${i}`);
    const { store, bucketOf } = storeWith(...users.map((u) => tuple(`document:1#viewer@${u}`)));
    for (const u of users.filter((_, i) => i % 2 === 0))
      expect(store.delete(tuple(`document:1#viewer@${u}`))).toBe(true);
    const bucket = bucketOf('document:1', 'viewer')!;
    expect(bucket.all.map((r) => r.key.user)).toEqual(users.filter((_, i) => i % 2 === 1));
    for (const [i, u] of users.entries())
      expect(store.has(tuple(`document:1#viewer@${u}`))).toBe(i % 2 === 1);
    expect(store.size).toBe(10);
  });
});
