import { describe, expect, it } from 'vitest';
import { checkParts } from './check-parts.ts';
import { PARTS_MODEL } from './parts-model.ts';

const model = PARTS_MODEL;

describe('checkParts', () => {
  it('names each relation the rewrite is made of, on the objects the request’s own tuples name, a level at a time', () => {
    const request = {
      user: 'user:anne',
      relation: 'can_read',
      object: 'doc:1',
      contextualTuples: [{ user: 'folder:a', relation: 'parent', object: 'doc:1' }],
      context: { current_time: '2026-11-25T10:00:00Z' },
    };
    const parts = checkParts(model, request);
    expect(parts.map((p) => p.label)).toEqual([
      'doc#viewer',
      'doc#viewer > doc#editor',
      'doc#viewer > folder#owner',
      'folder#blocked',
    ]);
    expect(parts[2]!.request).toEqual({ ...request, relation: 'owner', object: 'folder:a' });
    expect(checkParts(model, request, 1).map((p) => p.label)).toEqual(['doc#viewer', 'folder#blocked']);
  });

  it('has no parts for a direct relation, and none through a parent the request does not name', () => {
    expect(checkParts(model, { user: 'user:anne', relation: 'editor', object: 'doc:1' })).toEqual([]);
    expect(
      checkParts(model, { user: 'user:anne', relation: 'can_read', object: 'doc:1' }).map((p) => p.label),
    ).toEqual(['doc#viewer', 'doc#viewer > doc#editor']);
  });

  it('refuses a relation the model does not have', () => {
    expect(() => checkParts(model, { user: 'user:anne', relation: 'nope', object: 'doc:1' })).toThrow(
      'the model has no doc#nope',
    );
  });
});
