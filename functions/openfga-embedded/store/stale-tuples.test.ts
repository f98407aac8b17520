import { describe, expect, it } from 'vitest';
import { modelFromDsl } from '../../runtime/authz/model.ts';
import { tuple } from '../../testing/test-model.ts';
import { EmbeddedStore } from '../embedded-store.ts';

const model = (relations: string, condition = '') =>
  modelFromDsl(
    `model\n  schema 1.1\ntype user\ntype employee\ntype document\n  relations\n${relations}\n${condition}`,
  );
const above = (limit: number) => `condition above_${limit}(x: int) {\n  x > ${limit}\n}`;

describe('stored tuples a newer model no longer allows', () => {
  it('are ignored, and count again once a model allows them', () => {
    const store = new EmbeddedStore();
    store.writeModel(model('    define viewer: [user, employee]'));
    store.write([tuple('document:1#viewer@employee:eve')]);
    const eve = { user: 'employee:eve', relation: 'viewer', object: 'document:1' };
    expect(store.evaluator.check(eve)).toBe(true);

    store.writeModel(model('    define viewer: [user]'));
    expect(store.evaluator.check(eve)).toBe(false);
    expect(
      store.evaluator.listObjects({ user: 'employee:eve', relation: 'viewer', type: 'document' }),
    ).toEqual([]);

    store.writeModel(model('    define viewer: [user, employee]'));
    expect(store.evaluator.check(eve)).toBe(true);
  });

  it('are ignored when the condition they carry is no longer the one the restriction names', () => {
    const store = new EmbeddedStore();
    store.writeModel(model('    define viewer: [user with above_100]', above(100)));
    store.write([tuple('document:1#viewer@user:jon', { name: 'above_100' })]);
    const jon = { user: 'user:jon', relation: 'viewer', object: 'document:1', context: { x: 250 } };
    expect(store.evaluator.check(jon)).toBe(true);

    store.writeModel(model('    define viewer: [user with above_200]', above(200)));
    expect(store.evaluator.check(jon)).toBe(false);
  });
});
