import { describe, expect, it } from 'vitest';
import { authorizerFor, errorCode } from '../../testing/test-model.ts';

describe('cycles', () => {
  it('evaluate to false instead of looping', async () => {
    const authz = authorizerFor(
      `type user
type document
  relations
    define editor: [user, document#viewer]
    define viewer: [document#editor] or editor`,
      ['document:1#editor@document:1#viewer', 'document:1#viewer@document:1#editor'],
    );
    expect((await authz.check({ user: 'user:jon', relation: 'viewer', object: 'document:1' })).allowed).toBe(
      false,
    );
  });

  it('make an exclusion false even when its base holds, as OpenFGA does', async () => {
    const authz = authorizerFor(
      `type user
type document
  relations
    define restricted: [user, document#viewer]
    define viewer: [user] but not restricted`,
      ['document:1#viewer@user:jon', 'document:1#restricted@document:1#viewer'],
    );
    expect((await authz.check({ user: 'user:jon', relation: 'viewer', object: 'document:1' })).allowed).toBe(
      false,
    );
  });
});

describe('resolution depth', () => {
  // a1 holds the user; each a<n> holds the userset resource:1#a<n-1>.
  const chain = (length: number) => {
    const relations = ['    define a1: [user]'];
    for (let n = 2; n <= length; n++) relations.push(`    define a${n}: [resource#a${n - 1}]`);
    const tuples = ['resource:1#a1@user:maria'];
    for (let n = 2; n <= length; n++) tuples.push(`resource:1#a${n}@resource:1#a${n - 1}`);
    return authorizerFor(`type user\ntype resource\n  relations\n${relations.join('\n')}`, tuples);
  };

  it('allows 24 nested userset hops', async () => {
    const authz = chain(25);
    expect((await authz.check({ user: 'user:maria', relation: 'a25', object: 'resource:1' })).allowed).toBe(
      true,
    );
  });

  it('fails the 25th with authorization_model_resolution_too_complex (2002)', async () => {
    const authz = chain(26);
    expect(await errorCode(authz.check({ user: 'user:maria', relation: 'a26', object: 'resource:1' }))).toBe(
      'authorization_model_resolution_too_complex',
    );
  });
});
