import { describe, expect, it } from 'vitest';
import { authorizerFor, errorCode, tuple } from '../../testing/test-model.ts';

const authz = authorizerFor(
  `
type user
type group
  relations
    define member: [user, group#member]
type document
  relations
    define blocked: [user]
    define viewer: [user, user:*, group#member] but not blocked
    define editor: [user with is_ten]
condition is_ten(x: int) {
  x == 10
}
`,
  [
    'group:eng#member@user:anne',
    'group:eng#member@group:backend#member',
    'group:backend#member@user:bob',
    'document:1#viewer@group:eng#member',
    'document:1#viewer@user:carl',
    'document:1#blocked@user:bob',
    'document:2#viewer@user:*',
  ],
);
const users = async (object: string, relation: string, ...filters: string[]) => {
  const userFilters = filters.map((f) =>
    f.includes('#') ? { type: f.split('#')[0]!, relation: f.split('#')[1]! } : { type: f },
  );
  return [...(await authz.listUsers({ object, relation, userFilters })).users].sort();
};

describe('ListUsers', () => {
  it('lists the users Check allows, through nested usersets and minus exclusions', async () => {
    expect(await users('document:1', 'viewer', 'user')).toEqual(['user:anne', 'user:carl']);
  });

  it('lists usersets for a userset filter, nested ones included', async () => {
    expect(await users('document:1', 'viewer', 'group#member')).toEqual([
      'group:backend#member',
      'group:eng#member',
    ]);
  });

  it('lists a public wildcard as the wildcard', async () => {
    expect(await users('document:2', 'viewer', 'user')).toEqual(['user:*']);
  });

  it('fails when a condition on the way cannot be evaluated', async () => {
    await authz.write([tuple('document:3#editor@user:dan', { name: 'is_ten' })]);
    expect(
      await errorCode(
        authz.listUsers({ object: 'document:3', relation: 'editor', userFilters: [{ type: 'user' }] }),
      ),
    ).toBe('validation_error');
    const listed = await authz.listUsers({
      object: 'document:3',
      relation: 'editor',
      userFilters: [{ type: 'user' }],
      context: { x: 10 },
    });
    expect(listed.users).toEqual(['user:dan']);
  });

  it('rejects unknown types and relations with 2021 and 2022', async () => {
    const list = (object: string, relation: string, type: string, filterRelation?: string) =>
      errorCode(
        authz.listUsers({
          object,
          relation,
          userFilters: [filterRelation ? { type, relation: filterRelation } : { type }],
        }),
      );
    expect(await list('folder:1', 'viewer', 'user')).toBe('type_not_found');
    expect(await list('document:1', 'owner', 'user')).toBe('relation_not_found');
    expect(await list('document:1', 'viewer', 'team')).toBe('type_not_found');
    expect(await list('document:1', 'viewer', 'group', 'owner')).toBe('relation_not_found');
  });
});
