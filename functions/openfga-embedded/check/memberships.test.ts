import { describe, expect, it } from 'vitest';
import { authorizerFor, tuple } from '../../testing/test-model.ts';

/** A deterministic pseudo-random sequence, so a failure can be replayed. */
function random(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
}

/** Group membership by fixpoint over the tuples: the reference nested usersets must agree with. */
function referenceMembers(
  direct: Map<string, Set<string>>,
  nested: Map<string, Set<string>>,
): Map<string, Set<string>> {
  const members = new Map([...direct].map(([group, users]) => [group, new Set(users)]));
  let changed = true;
  while (changed) {
    changed = false;
    for (const [group, subgroups] of nested) {
      for (const subgroup of subgroups) {
        for (const user of members.get(subgroup) ?? []) {
          if (!members.get(group)!.has(user)) {
            members.get(group)!.add(user);
            changed = true;
          }
        }
      }
    }
  }
  return members;
}

describe('nested usersets answered from the user back', () => {
  it('agree with a fixpoint over random group graphs, cycles included', async () => {
    for (let seed = 1; seed <= 5; seed++) {
      const pick = random(seed);
      const groups = Array.from({ length: 12 }, (_, i) => `group:g${i}`);
      const users = Array.from({ length: 8 }, (_, i) => `user:u${i}`);
      const direct = new Map(groups.map((g) => [g, new Set<string>()]));
      const nested = new Map(groups.map((g) => [g, new Set<string>()]));
      const tuples: string[] = [];
      for (let i = 0; i < 10; i++) {
        const [group, user] = [groups[pick(12)]!, users[pick(8)]!];
        direct.get(group)!.add(user);
        tuples.push(`${group}#member@${user}`);
      }
      for (let i = 0; i < 14; i++) {
        const [group, subgroup] = [groups[pick(12)]!, groups[pick(12)]!];
        nested.get(group)!.add(subgroup);
        tuples.push(`${group}#member@${subgroup}#member`);
      }
      const authz = authorizerFor(
        'type user\ntype group\n  relations\n    define member: [user, group#member]',
        tuples,
      );
      const members = referenceMembers(direct, nested);
      for (const group of groups) {
        for (const user of users) {
          const { allowed } = await authz.check({ user, relation: 'member', object: group });
          expect([seed, group, user, allowed]).toEqual([seed, group, user, members.get(group)!.has(user)]);
        }
      }
    }
  });

  it('reach a unit above through its subunits, and not one beside it', async () => {
    const authz = authorizerFor(
      `type user
type unit
  relations
    define member: [user]
    define subunit: [unit#member_in_subtree]
    define member_in_subtree: member or subunit`,
      [
        'unit:root#subunit@unit:east#member_in_subtree',
        'unit:east#subunit@unit:team#member_in_subtree',
        'unit:team#member@user:ida',
      ],
    );
    const inSubtree = async (object: string) =>
      (await authz.check({ user: 'user:ida', relation: 'member_in_subtree', object })).allowed;
    expect([
      await inSubtree('unit:root'),
      await inSubtree('unit:east'),
      await inSubtree('unit:west'),
    ]).toEqual([true, true, false]);
  });
});

describe('memberships remembered across requests', () => {
  const model =
    'type user\ntype group\n  relations\n    define member: [user, group#member]\ntype doc\n  relations\n    define viewer: [group#member]';

  it('follow writes and deletes', async () => {
    const authz = authorizerFor(model, [
      'doc:1#viewer@group:outer#member',
      'group:outer#member@group:inner#member',
    ]);
    const check = () => authz.check({ user: 'user:ida', relation: 'viewer', object: 'doc:1' });
    expect((await check()).allowed).toBe(false);
    await authz.write([tuple('group:inner#member@user:ida')]);
    expect((await check()).allowed).toBe(true);
    await authz.deleteTuples([tuple('group:inner#member@user:ida')]);
    expect((await check()).allowed).toBe(false);
  });

  it("do not carry one request's contextual tuples into the next", async () => {
    const authz = authorizerFor(model, [
      'doc:1#viewer@group:outer#member',
      'group:outer#member@group:inner#member',
      'group:inner#member@user:eva',
    ]);
    const request = { user: 'user:ida', relation: 'viewer', object: 'doc:1' };
    await authz.check({ user: 'user:eva', relation: 'viewer', object: 'doc:1' });
    expect(
      (await authz.check({ ...request, contextualTuples: [tuple('group:inner#member@user:ida')] })).allowed,
    ).toBe(true);
    expect((await authz.check(request)).allowed).toBe(false);
  });
});
