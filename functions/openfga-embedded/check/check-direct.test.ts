import { describe, expect, it } from 'vitest';
import { authorizerFor } from '../../testing/test-model.ts';

const model = `
type user
type bot
type group
  relations
    define member: [user, group#member]
type document
  relations
    define viewer: [user, user:*, group#member]
    define editor: [user]
`;

describe('direct assignment', () => {
  const authz = authorizerFor(model, ['document:1#editor@user:anne']);

  it('allows the user a tuple names and no one else', async () => {
    expect(await authz.check({ user: 'user:anne', relation: 'editor', object: 'document:1' })).toEqual({
      allowed: true,
    });
    expect(await authz.check({ user: 'user:bob', relation: 'editor', object: 'document:1' })).toEqual({
      allowed: false,
    });
    expect(await authz.check({ user: 'user:anne', relation: 'editor', object: 'document:2' })).toEqual({
      allowed: false,
    });
  });
});

describe('typed wildcard', () => {
  const authz = authorizerFor(model, ['document:1#viewer@user:*']);

  it('allows every user of the wildcard type', async () => {
    expect(
      (await authz.check({ user: 'user:anyone', relation: 'viewer', object: 'document:1' })).allowed,
    ).toBe(true);
  });

  it('allows the wildcard itself as the user', async () => {
    expect((await authz.check({ user: 'user:*', relation: 'viewer', object: 'document:1' })).allowed).toBe(
      true,
    );
  });

  it('does not extend to usersets of another type', async () => {
    expect(
      (await authz.check({ user: 'group:eng#member', relation: 'viewer', object: 'document:1' })).allowed,
    ).toBe(false);
  });
});

describe('userset restriction', () => {
  const authz = authorizerFor(model, [
    'document:1#viewer@group:eng#member',
    'group:eng#member@group:backend#member',
    'group:backend#member@user:carl',
  ]);

  it('allows members of a nested group through every level', async () => {
    expect((await authz.check({ user: 'user:carl', relation: 'viewer', object: 'document:1' })).allowed).toBe(
      true,
    );
    expect((await authz.check({ user: 'user:dora', relation: 'viewer', object: 'document:1' })).allowed).toBe(
      false,
    );
  });

  it('allows a userset named in a tuple, and one nested inside it, as the user', async () => {
    expect(
      (await authz.check({ user: 'group:eng#member', relation: 'viewer', object: 'document:1' })).allowed,
    ).toBe(true);
    expect(
      (await authz.check({ user: 'group:backend#member', relation: 'viewer', object: 'document:1' })).allowed,
    ).toBe(true);
  });

  it('treats a userset as a member of itself', async () => {
    expect(
      (await authz.check({ user: 'group:x#member', relation: 'member', object: 'group:x' })).allowed,
    ).toBe(true);
  });
});
