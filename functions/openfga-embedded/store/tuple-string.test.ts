import { describe, expect, it } from 'vitest';
import {
  isValidRelationName,
  PARSED_LIMIT,
  parsedHeld,
  parseObject,
  parseUser,
  userObjectOf,
} from './tuple-string.ts';

describe('user and object strings', () => {
  it('split objects, wildcards and usersets', () => {
    expect(parseUser('user:anne')).toEqual({ type: 'user', id: 'anne', relation: '' });
    expect(parseUser('user:*')).toEqual({ type: 'user', id: '*', relation: '' });
    expect(parseUser('group:eng#member')).toEqual({ type: 'group', id: 'eng', relation: 'member' });
    expect(parseObject('document:a/b.c')).toEqual({ type: 'document', id: 'a/b.c', relation: '' });
  });

  it('reject what the OpenFGA server rejects', () => {
    for (const bad of [
      'a:b:c',
      'anne',
      '*',
      ':x',
      'user:',
      'user:a#',
      'group:*#member',
      'user:a b',
      'user:a\tb',
      'g:a#b#c',
    ]) {
      expect([bad, parseUser(bad)]).toEqual([bad, undefined]);
    }
    expect(parseObject('group:eng#member')).toBeUndefined();
  });

  it('accept relation names without separators or whitespace', () => {
    expect(isValidRelationName('can_view')).toBe(true);
    for (const bad of ['', 'a:b', 'a#b', 'a@b', 'a b']) expect(isValidRelationName(bad)).toBe(false);
  });

  it('keep what keeps coming back, let the rest age out, and stay bounded', () => {
    const hot = parseObject('gp_clinic:999120000000001')!;
    for (let i = 0; i < 3 * PARSED_LIMIT; i++) {
      parseObject(`child:p-${i.toString(16).padStart(32, '0')}`);
      // The clinic comes back in every so many checks: parsed once, the same parts each time.
      if (i % 1000 === 0) expect(parseObject('gp_clinic:999120000000001')).toBe(hot);
    }
    expect(parseObject('gp_clinic:999120000000001')).toBe(hot);
    // A child asked about once, long ago, is parsed again (equal parts, a new object).
    const first = `child:p-${'0'.repeat(32)}`;
    expect(parseObject(first)).toEqual({ type: 'child', id: `p-${'0'.repeat(32)}`, relation: '' });
    expect(parsedHeld()).toBeLessThanOrEqual(4 * PARSED_LIMIT);
  });

  it("name a user's object part: a userset's before its relation, any other user whole", () => {
    expect(userObjectOf('group:eng#member')).toBe('group:eng');
    expect(userObjectOf('user:anne')).toBe('user:anne');
    expect(userObjectOf('user:*')).toBe('user:*');
  });
});
