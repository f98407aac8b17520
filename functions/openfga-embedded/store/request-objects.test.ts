import { describe, expect, it } from 'vitest';
import { Interner } from '../model/interner.ts';
import { RequestObjects } from './request-objects.ts';

describe('RequestObjects', () => {
  const stored = new Interner();
  stored.intern('unit:east');

  it('gives stored objects their ids and others negative ids of this request alone', () => {
    const objects = new RequestObjects(stored);
    expect(objects.id('unit:east')).toBe(0);
    expect(objects.id('child:c1')).toBe(-1);
    expect(objects.id('case:k1')).toBe(-2);
    expect(objects.id('child:c1')).toBe(-1);
    expect([objects.name(-2), objects.name(0)]).toEqual(['case:k1', 'unit:east']);
    expect(new RequestObjects(stored).lookup('child:c1')).toBeUndefined();
  });

  it('adopts another request’s local objects with their ids, and grows on a copy of its own', () => {
    const first = new RequestObjects(stored);
    first.localId('child:c1');
    first.localId('case:k1');
    const names = [...first.localObjects];
    const ids = new Map(first.localIds);
    const second = new RequestObjects(stored);
    second.adopt(names, ids);
    expect([second.id('case:k1'), second.id('child:c1')]).toEqual([-2, -1]);
    expect(second.id('case:k2')).toBe(-3);
    expect(second.name(-3)).toBe('case:k2');
    // What it adopted is unchanged for the next request that adopts it.
    expect(names).toEqual(['child:c1', 'case:k1']);
    expect([...ids.keys()]).toEqual(['child:c1', 'case:k1']);
    const third = new RequestObjects(stored);
    third.adopt(names, ids);
    expect(third.lookup('case:k2')).toBeUndefined();
    expect(() => second.adopt(names, ids)).toThrow('has named objects already');
  });
});
