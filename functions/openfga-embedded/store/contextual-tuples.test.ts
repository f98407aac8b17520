import { describe, expect, it } from 'vitest';
import { authorizerFor, errorCode, tuple } from '../../testing/test-model.ts';

const model = `
type user
type unit
  relations
    define caseworker: [user]
    define parent: [unit]
    define handler: caseworker or handler from parent
type child
  relations
    define unit: [unit]
    define blocked: [user]
    define can_view: handler from unit but not blocked
`;

describe('contextual tuples', () => {
  const authz = authorizerFor(model, ['unit:east#caseworker@user:anna', 'unit:team-2#parent@unit:east']);

  it('count as tuples for the one request that sends them', async () => {
    const facts = [tuple('child:c1#unit@unit:team-2')];
    expect(
      await authz.check({
        user: 'user:anna',
        relation: 'can_view',
        object: 'child:c1',
        contextualTuples: facts,
      }),
    ).toEqual({
      allowed: true,
    });
    expect(await authz.check({ user: 'user:anna', relation: 'can_view', object: 'child:c1' })).toEqual({
      allowed: false,
    });
  });

  it('can deny through an exclusion', async () => {
    const facts = [tuple('child:c1#unit@unit:team-2'), tuple('child:c1#blocked@user:anna')];
    expect(
      (
        await authz.check({
          user: 'user:anna',
          relation: 'can_view',
          object: 'child:c1',
          contextualTuples: facts,
        })
      ).allowed,
    ).toBe(false);
  });

  it('may repeat a stored tuple', async () => {
    const facts = [tuple('unit:east#caseworker@user:anna'), tuple('child:c1#unit@unit:east')];
    expect(
      (
        await authz.check({
          user: 'user:anna',
          relation: 'can_view',
          object: 'child:c1',
          contextualTuples: facts,
        })
      ).allowed,
    ).toBe(true);
  });

  it('are validated like written tuples and rejected with invalid_tuple', async () => {
    const check = (text: string) =>
      authz.check({
        user: 'user:anna',
        relation: 'can_view',
        object: 'child:c1',
        contextualTuples: [tuple(text)],
      });
    expect(await errorCode(check('school:s1#unit@unit:east'))).toBe('invalid_tuple');
    expect(await errorCode(check('child:c1#teacher@user:anna'))).toBe('invalid_tuple');
    expect(await errorCode(check('child:c1#blocked@unit:east'))).toBe('invalid_tuple');
    expect(await errorCode(check('child:c1#blocked@user:*'))).toBe('invalid_tuple');
    expect(await errorCode(check('child:c1#unit@unit:east#caseworker'))).toBe('invalid_tuple');
  });
});
