import { describe, expect, it } from 'vitest';
import { authorizerFor, errorCode, tuple } from '../../testing/test-model.ts';
import type { TupleKey } from '../vocabulary/types.ts';

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

/** A relation whose tuples must carry a condition. */
const CONDITIONED = `
type user
type doc
  relations
    define viewer: [user with open]
condition open(state: string) {
  state == "open"
}
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

  it('answer alike when the same tuple objects come back, frozen ones too, and stay as the caller made them', async () => {
    const ask = (contextualTuples: ReturnType<typeof tuple>[]) =>
      authz.check({ user: 'user:anna', relation: 'can_view', object: 'child:c1', contextualTuples });
    const unit = tuple('child:c1#unit@unit:team-2');
    const blocked = Object.freeze(tuple('child:c1#blocked@user:anna'));
    const before = JSON.stringify(unit);
    expect(await ask([unit])).toEqual({ allowed: true });
    expect(await ask([unit])).toEqual({ allowed: true });
    expect(await ask([unit, blocked])).toEqual({ allowed: false });
    expect(await ask([unit, blocked])).toEqual({ allowed: false });
    expect(JSON.stringify(unit)).toBe(before);
    expect(Object.keys(unit)).toEqual(['object', 'relation', 'user']);
    // A tuple object changed after it was checked is checked again, not trusted.
    (unit as { object: string }).object = 'child:c2';
    expect(await ask([unit])).toEqual({ allowed: false });
  });

  it('check a known tuple’s condition again each time: removed where the model requires one, it is refused', async () => {
    const conditioned = authorizerFor(CONDITIONED);
    const fact = tuple('doc:1#viewer@user:anna', { name: 'open', context: { state: 'open' } });
    const ask = () =>
      conditioned.check({ user: 'user:anna', relation: 'viewer', object: 'doc:1', contextualTuples: [fact] });
    expect(await ask()).toEqual({ allowed: true });
    (fact.condition as { context: Record<string, string> }).context = { state: 'shut' };
    expect(await ask()).toEqual({ allowed: false });
    (fact.condition as { context: Record<string, string> }).context = { other: 'open' };
    expect(await errorCode(ask())).toBe('invalid_tuple');
    delete (fact as { condition?: unknown }).condition;
    expect(await errorCode(ask())).toBe('invalid_tuple');
  });
  it('build one list once and hand it out again only while it is the same list of the same tuples', async () => {
    const own = authorizerFor(model, ['unit:east#caseworker@user:anna', 'unit:team-2#parent@unit:east']);
    const facts = [tuple('child:c1#unit@unit:team-2')];
    const ask = (object = 'child:c1') =>
      own.check({ user: 'user:anna', relation: 'can_view', object, contextualTuples: facts });
    expect(await ask()).toEqual({ allowed: true });
    expect(await ask()).toEqual({ allowed: true });
    expect(Object.keys(facts)).toEqual(['0']);
    // A tuple added to the list, one replaced in it, one whose strings changed: each is answered anew.
    facts.push(tuple('child:c1#blocked@user:anna'));
    expect(await ask()).toEqual({ allowed: false });
    facts[1] = tuple('child:c1#blocked@user:bo');
    expect(await ask()).toEqual({ allowed: true });
    (facts[1] as { user: string }).user = 'user:anna';
    expect(await ask()).toEqual({ allowed: false });
    facts.pop();
    expect(await ask()).toEqual({ allowed: true });
    // An object the list names that the store did not hold, and now holds: its stored edges count.
    facts[0] = tuple('child:c1#unit@unit:new');
    expect(await ask()).toEqual({ allowed: false });
    await own.write([tuple('unit:new#caseworker@user:anna')]);
    expect(await ask()).toEqual({ allowed: true });
    // A list frozen by its caller is remembered beside it, and answers alike.
    const frozen = Object.freeze([tuple('child:c2#unit@unit:team-2')]);
    const askFrozen = () =>
      own.check({ user: 'user:anna', relation: 'can_view', object: 'child:c2', contextualTuples: frozen });
    expect(await askFrozen()).toEqual({ allowed: true });
    expect(await askFrozen()).toEqual({ allowed: true });
  });

  it('check a remembered list’s conditions again each time, and see a condition replaced on its tuple', async () => {
    const conditioned = authorizerFor(CONDITIONED);
    const facts = [tuple('doc:1#viewer@user:anna', { name: 'open', context: { state: 'open' } })];
    const ask = () =>
      conditioned.check({ user: 'user:anna', relation: 'viewer', object: 'doc:1', contextualTuples: facts });
    expect(await ask()).toEqual({ allowed: true });
    expect(await ask()).toEqual({ allowed: true });
    (facts[0]!.condition as { context: Record<string, string> }).context = { state: 'shut' };
    expect(await ask()).toEqual({ allowed: false });
    (facts[0] as { condition: unknown }).condition = { name: 'open', context: { state: 'open' } };
    expect(await ask()).toEqual({ allowed: true });
    (facts[0]!.condition as { context: Record<string, string> }).context.other = 'x';
    expect(await errorCode(ask())).toBe('invalid_tuple');
    delete (facts[0] as { condition?: unknown }).condition;
    expect(await errorCode(ask())).toBe('invalid_tuple');
  });

  it('hand a list of sealed tuples (frozen, to their conditions’ contexts) its overlay again; a context left open is checked again', async () => {
    const conditioned = authorizerFor(CONDITIONED);
    const freeze = <T extends object>(value: T) => Object.freeze(value);
    const sealed = freeze([
      freeze({
        ...tuple('doc:1#viewer@user:anna'),
        condition: freeze({ name: 'open', context: freeze({ state: 'open' }) }),
      }),
    ]);
    const ask = (contextualTuples: readonly TupleKey[]) =>
      conditioned.check({ user: 'user:anna', relation: 'viewer', object: 'doc:1', contextualTuples });
    for (let i = 0; i < 3; i++) expect(await ask(sealed)).toEqual({ allowed: true });
    // An open list of frozen tuples: a tuple object put in its place is seen.
    const list = [...sealed];
    expect(await ask(list)).toEqual({ allowed: true });
    list[0] = freeze({ ...sealed[0]!, user: 'user:bo' });
    expect(await ask(list)).toEqual({ allowed: false });
    list[0] = sealed[0]!;
    expect(await ask(list)).toEqual({ allowed: true });
    // The same, its context not frozen: a parameter added after the first check is refused.
    const context: Record<string, string> = { state: 'open' };
    const open = freeze([
      freeze({ ...tuple('doc:1#viewer@user:anna'), condition: freeze({ name: 'open', context }) }),
    ]);
    expect(await ask(open)).toEqual({ allowed: true });
    context.other = 'x';
    expect(await errorCode(ask(open))).toBe('invalid_tuple');
    context.state = 'shut';
    delete context.other;
    expect(await ask(open)).toEqual({ allowed: false });
    // A sealed list sent under another model is built again, and validated there.
    const other = authorizerFor(model);
    expect(
      await errorCode(
        other.check({
          user: 'user:anna',
          relation: 'can_view',
          object: 'child:c1',
          contextualTuples: sealed,
        }),
      ),
    ).toBe('invalid_tuple');
  });
});
