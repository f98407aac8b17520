import { describe, expect, it } from 'vitest';
import { authorizerFor, tuple } from '../../testing/test-model.ts';
import type { ExplainStep } from '../vocabulary/types.ts';

const authz = authorizerFor(
  `
type user
type group
  relations
    define member: [user]
type folder
  relations
    define viewer: [group#member]
type document
  relations
    define parent: [folder]
    define blocked: [user]
    define viewer: viewer from parent but not blocked
`,
  ['group:eng#member@user:anne', 'folder:f#viewer@group:eng#member'],
);
const parent = [tuple('document:1#parent@folder:f')];

function flatten(step: ExplainStep): ExplainStep[] {
  return [step, ...(step.children ?? []).flatMap(flatten)];
}

describe('explain', () => {
  it('shows the tuples that granted access, marking the contextual one', async () => {
    const result = await authz.explain({
      user: 'user:anne',
      relation: 'viewer',
      object: 'document:1',
      contextualTuples: parent,
    });
    expect(result.allowed).toBe(true);
    expect(result.path).toMatchObject({ node: 'document:1#viewer', rule: 'exclusion', allowed: true });
    const tuples = flatten(result.path).filter((step) => step.tuple !== undefined);
    expect(tuples.map((step) => [step.tuple, step.contextual ?? false])).toEqual([
      [parent[0], true],
      [tuple('folder:f#viewer@group:eng#member'), false],
      [tuple('group:eng#member@user:anne'), false],
    ]);
    expect(flatten(result.path).find((step) => step.node === 'document:1#blocked')).toMatchObject({
      allowed: false,
    });
  });

  it('shows what was tried when access is denied', async () => {
    const result = await authz.explain({
      user: 'user:bob',
      relation: 'viewer',
      object: 'document:1',
      contextualTuples: parent,
    });
    expect(result.allowed).toBe(false);
    const nodes = flatten(result.path).map((step) => `${step.node} ${step.rule} ${step.allowed}`);
    expect(nodes).toContain('folder:f#viewer tuple_to_userset false');
    expect(nodes).toContain('group:eng#member direct false');
  });

  it('agrees with check', async () => {
    for (const user of ['user:anne', 'user:bob']) {
      const request = { user, relation: 'viewer', object: 'document:1', contextualTuples: parent };
      expect((await authz.explain(request)).allowed).toBe((await authz.check(request)).allowed);
    }
  });
});
