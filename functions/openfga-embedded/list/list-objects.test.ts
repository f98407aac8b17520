import { describe, expect, it } from 'vitest';
import { authorizerFor, errorCode, tuple } from '../../testing/test-model.ts';

const authz = authorizerFor(
  `
type user
type folder
  relations
    define viewer: [user, user:*]
type document
  relations
    define parent: [folder]
    define owner: [user]
    define blocked: [user]
    define viewer: ([user] or owner or viewer from parent) but not blocked
    define approved: [user]
    define publishable: owner and approved
`,
  [
    'folder:public#viewer@user:*',
    'folder:team#viewer@user:anne',
    'document:1#parent@folder:team',
    'document:2#parent@folder:public',
    'document:3#owner@user:anne',
    'document:3#viewer@user:anne',
    'document:4#parent@folder:team',
    'document:4#blocked@user:anne',
    'document:3#approved@user:anne',
    'document:5#owner@user:anne',
  ],
);
const sorted = async (promise: Promise<{ objects: readonly string[] }>) =>
  [...(await promise).objects].sort();

describe('ListObjects', () => {
  it('lists each object the user may reach once, through every kind of rewrite', async () => {
    expect(
      await sorted(authz.listObjects({ user: 'user:anne', relation: 'viewer', type: 'document' })),
    ).toEqual(['document:1', 'document:2', 'document:3', 'document:5']);
  });

  it('lists only objects where every operand of an intersection holds', async () => {
    expect(
      await sorted(authz.listObjects({ user: 'user:anne', relation: 'publishable', type: 'document' })),
    ).toEqual(['document:3']);
  });

  it('reaches objects through wildcards for any user of the type', async () => {
    expect(
      await sorted(authz.listObjects({ user: 'user:zoe', relation: 'viewer', type: 'document' })),
    ).toEqual(['document:2']);
  });

  it('includes objects only contextual tuples relate', async () => {
    const contextualTuples = [tuple('document:9#parent@folder:team')];
    const objects = await sorted(
      authz.listObjects({ user: 'user:anne', relation: 'viewer', type: 'document', contextualTuples }),
    );
    expect(objects).toContain('document:9');
  });

  it('returns only objects Check allows', async () => {
    const { objects } = await authz.listObjects({ user: 'user:anne', relation: 'viewer', type: 'document' });
    for (const object of objects)
      expect((await authz.check({ user: 'user:anne', relation: 'viewer', object })).allowed).toBe(true);
  });

  it('fails as Check fails for a request it cannot answer', async () => {
    expect(await errorCode(authz.listObjects({ user: 'user:anne', relation: 'viewer', type: 'page' }))).toBe(
      'type_not_found',
    );
  });
});
