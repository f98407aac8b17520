import { describe, expect, it } from 'vitest';
import { authorizerFor, errorCode, tuple } from '../testing/test-model.ts';
import { AUTHZ_ERROR_CODES, MAX_CONTEXTUAL_TUPLES } from './vocabulary/types.ts';

const authz = authorizerFor(`
type user
type group
  relations
    define member: [user]
type document
  relations
    define viewer: [user, group#member]
`);
const check = (user: string, relation: string, object: string) =>
  errorCode(authz.check({ user, relation, object }));
const list = (user: string, relation: string, type: string) =>
  errorCode(authz.listObjects({ user, relation, type }));

describe('Check request validation (validation_error, 2000)', () => {
  it('rejects an unknown relation, object type, user type or userset', async () => {
    expect(await check('user:anne', 'owner', 'document:1')).toBe('validation_error');
    expect(await check('user:anne', 'viewer', 'folder:1')).toBe('validation_error');
    expect(await check('employee:anne', 'viewer', 'document:1')).toBe('validation_error');
    expect(await check('group:eng#owner', 'viewer', 'document:1')).toBe('validation_error');
  });

  it('rejects malformed users and objects', async () => {
    expect(await check('a:b:c', 'viewer', 'document:1')).toBe('validation_error');
    expect(await check('anne', 'viewer', 'document:1')).toBe('validation_error');
    expect(await check('group:*#member', 'viewer', 'document:1')).toBe('validation_error');
    expect(await check('user:anne', 'viewer', 'document:*')).toBe('validation_error');
    expect(await check('user:anne', 'viewer', 'document: 1')).toBe('validation_error');
  });
});

describe('ListObjects request validation', () => {
  it('answers type_not_found (2021), relation_not_found (2022) and validation_error (2000) for the user', async () => {
    expect(await list('user:anne', 'viewer', 'folder')).toBe('type_not_found');
    expect(await list('user:anne', 'owner', 'document')).toBe('relation_not_found');
    expect(await list('a:b:c', 'viewer', 'document')).toBe('validation_error');
  });
});

describe('contextual tuple validation (invalid_tuple, 2027)', () => {
  it('fails Check and ListObjects alike', async () => {
    const contextualTuples = [tuple('document:1#viewer@group:eng#owner')];
    expect(
      await errorCode(
        authz.check({ user: 'user:anne', relation: 'viewer', object: 'document:1', contextualTuples }),
      ),
    ).toBe('invalid_tuple');
    expect(
      await errorCode(
        authz.listObjects({ user: 'user:anne', relation: 'viewer', type: 'document', contextualTuples }),
      ),
    ).toBe('invalid_tuple');
  });
});

describe("the server's contextual-tuple limit (validation_error, 2000)", () => {
  const viewers = (n: number) => Array.from({ length: n }, (_, i) => tuple(`document:1#viewer@user:u${i}`));
  const ask = (n: number) => ({
    user: 'user:u0',
    relation: 'viewer',
    object: 'document:1',
    contextualTuples: viewers(n),
  });

  it('answers a Check, a batch item and ListObjects with 100 contextual tuples', async () => {
    expect(MAX_CONTEXTUAL_TUPLES).toBe(100);
    expect(await authz.check(ask(100))).toEqual({ allowed: true });
    expect(await authz.batchCheck([ask(1), ask(100)])).toEqual([{ allowed: true }, { allowed: true }]);
    expect(
      await authz.listObjects({
        user: 'user:u0',
        relation: 'viewer',
        type: 'document',
        contextualTuples: viewers(100),
      }),
    ).toEqual({ objects: ['document:1'] });
  });

  it('refuses 101 as the server does: Check, BatchCheck (one item fails the batch), ListObjects, ListUsers', async () => {
    const message = 'invalid ContextualTupleKeys.TupleKeys: value must contain no more than 100 item(s)';
    await expect(authz.check(ask(101))).rejects.toMatchObject({ code: 'validation_error', message });
    expect(await errorCode(authz.batchCheck([ask(1), ask(101)]))).toBe('validation_error');
    expect(
      await errorCode(
        authz.listObjects({
          user: 'user:u0',
          relation: 'viewer',
          type: 'document',
          contextualTuples: viewers(101),
        }),
      ),
    ).toBe('validation_error');
    expect(
      await errorCode(
        authz.listUsers({
          object: 'document:1',
          relation: 'viewer',
          userFilters: [{ type: 'user' }],
          contextualTuples: viewers(101),
        }),
      ),
    ).toBe('validation_error');
  });
});

describe('error codes', () => {
  it('carry the OpenFGA ErrorCode numbers', async () => {
    try {
      await authz.listObjects({ user: 'user:anne', relation: 'owner', type: 'document' });
    } catch (error) {
      expect((error as { numericCode: number }).numericCode).toBe(AUTHZ_ERROR_CODES.relation_not_found);
    }
  });
});
