import { describe, expect, it } from 'vitest';
import { modelFromDsl } from '../../../functions/runtime/authz/model.ts';
import { checkParts } from './check-parts.ts';

const MODEL = `model
  schema 1.1
type user
type folder
  relations
    define owner: [user]
    define blocked: [user]
type doc
  relations
    define parent: [folder]
    define editor: [user]
    define viewer: editor or owner from parent
    define can_read: viewer but not blocked from parent
`;

describe('checkParts', () => {
  it('names each relation the rewrite is made of, on the objects the request’s own tuples name, a level at a time', () => {
    const model = modelFromDsl(MODEL);
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
    const model = modelFromDsl(MODEL);
    expect(checkParts(model, { user: 'user:anne', relation: 'editor', object: 'doc:1' })).toEqual([]);
    expect(
      checkParts(model, { user: 'user:anne', relation: 'can_read', object: 'doc:1' }).map((p) => p.label),
    ).toEqual(['doc#viewer', 'doc#viewer > doc#editor']);
  });

  it('refuses a relation the model does not have', () => {
    const model = modelFromDsl(MODEL);
    expect(() => checkParts(model, { user: 'user:anne', relation: 'nope', object: 'doc:1' })).toThrow(
      'the model has no doc#nope',
    );
  });
});
