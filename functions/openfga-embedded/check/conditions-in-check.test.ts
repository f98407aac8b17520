import { describe, expect, it } from 'vitest';
import { authorizerFor, errorCode, tuple } from '../../testing/test-model.ts';

const model = `
type user
type folder
  relations
    define viewer: [user]
type document
  relations
    define viewer: [user with in_office_hours]
    define parent: [folder with is_greeting, folder with is_ten]
    define reader: [user] or viewer from parent
condition in_office_hours(now: timestamp, opens: timestamp) {
  now >= opens
}
condition is_greeting(s: string) {
  s == "hello"
}
condition is_ten(x: int) {
  x == 10
}
`;

describe('conditional tuples', () => {
  const opens = { name: 'in_office_hours', context: { opens: '2026-11-25T08:00:00Z' } };
  const authz = authorizerFor(model, ['folder:a#viewer@user:jon', 'folder:b#viewer@user:jon']);
  const withTuples = async () => {
    await authz.write([
      tuple('document:1#viewer@user:jon', opens),
      tuple('document:1#parent@folder:a', { name: 'is_greeting' }),
      tuple('document:1#parent@folder:b', { name: 'is_ten' }),
    ]);
    return authz;
  };

  it('grant when the condition holds over the tuple context merged with the request context', async () => {
    const a = await withTuples();
    const at = (now: string) =>
      a.check({ user: 'user:jon', relation: 'viewer', object: 'document:1', context: { now } });
    expect((await at('2026-11-25T09:00:00Z')).allowed).toBe(true);
    expect((await at('2026-11-25T07:00:00Z')).allowed).toBe(false);
  });

  it('fail with validation_error when a parameter is missing', async () => {
    const a = await withTuples();
    expect(await errorCode(a.check({ user: 'user:jon', relation: 'viewer', object: 'document:1' }))).toBe(
      'validation_error',
    );
  });

  it('grant through one parent even when another parent lacks its parameter, as OpenFGA does', async () => {
    const a = await withTuples();
    const reader = (context: Record<string, unknown>) =>
      a.check({ user: 'user:jon', relation: 'reader', object: 'document:1', context });
    expect((await reader({ s: 'hello' })).allowed).toBe(true);
    expect((await reader({ x: 10 })).allowed).toBe(true);
    expect(await errorCode(reader({ s: 'bye' }))).toBe('validation_error');
  });

  it('reject a request context number that does not fit a double', async () => {
    const a = await withTuples();
    const check = a.check({
      user: 'user:jon',
      relation: 'reader',
      object: 'document:1',
      context: { x: Number.POSITIVE_INFINITY },
    });
    expect(await errorCode(check)).toBe('validation_error');
  });

  it('reject a tuple whose condition the type restriction does not name', async () => {
    expect(await errorCode(authz.write([tuple('document:1#reader@user:jon', { name: 'is_ten' })]))).toBe(
      'invalid_tuple',
    );
    expect(await errorCode(authz.write([tuple('document:2#viewer@user:jon')]))).toBe('invalid_tuple');
  });
});
