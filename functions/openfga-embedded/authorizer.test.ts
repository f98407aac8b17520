import { describe, expect, it } from 'vitest';
import { modelFromDsl } from '../runtime/authz/model.ts';
import { authorizerFor, errorCode, tuple } from '../testing/test-model.ts';
import { createEmbeddedAuthorizer } from './authorizer.ts';

const dsl = 'type user\ntype document\n  relations\n    define viewer: [user]';

describe('the embedded authorizer', () => {
  it('answers a batch in request order and fails it as a whole when one item fails', async () => {
    const authz = authorizerFor(dsl, ['document:1#viewer@user:anne']);
    const anne = { user: 'user:anne', relation: 'viewer', object: 'document:1' };
    const bob = { ...anne, user: 'user:bob' };
    expect(await authz.batchCheck([anne, bob, anne])).toEqual([
      { allowed: true },
      { allowed: false },
      { allowed: true },
    ]);
    expect(await errorCode(authz.batchCheck([anne, { ...anne, relation: 'owner' }]))).toBe(
      'validation_error',
    );
  });

  it('writes nothing from a batch holding an invalid tuple', async () => {
    const authz = authorizerFor(dsl);
    const write = authz.write([tuple('document:1#viewer@user:anne'), tuple('document:1#viewer@group:x')]);
    expect(await errorCode(write)).toBe('invalid_tuple');
    expect((await authz.check({ user: 'user:anne', relation: 'viewer', object: 'document:1' })).allowed).toBe(
      false,
    );
  });

  it('forgets deleted tuples', async () => {
    const authz = authorizerFor(dsl, ['document:1#viewer@user:anne']);
    await authz.deleteTuples([tuple('document:1#viewer@user:anne'), tuple('document:2#viewer@user:anne')]);
    expect((await authz.check({ user: 'user:anne', relation: 'viewer', object: 'document:1' })).allowed).toBe(
      false,
    );
  });

  it('is ready until closed, then refuses as unavailable', async () => {
    const authz = authorizerFor(dsl);
    expect(await authz.ready()).toBe(true);
    await authz.close();
    expect(await authz.ready()).toBe(false);
    expect(
      await errorCode(authz.check({ user: 'user:anne', relation: 'viewer', object: 'document:1' })),
    ).toBe('unavailable');
  });

  it('refuses an invalid model and a fixture tuple the model does not allow', () => {
    const model = modelFromDsl(`model\n  schema 1.1\n${dsl}`);
    expect(() =>
      createEmbeddedAuthorizer({ model: { ...model, schema_version: '1.0' }, tuples: [] }),
    ).toThrow(/schema version/);
    expect(() => createEmbeddedAuthorizer({ model, tuples: [tuple('document:1#editor@user:anne')] })).toThrow(
      /editor/,
    );
  });
});
