import { describe, expect, it } from 'vitest';
import { isValidRelationName, parseObject, parseUser } from './tuple-string.ts';

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
});
