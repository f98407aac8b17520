import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createEmbeddedAuthorizer } from '../../openfga-embedded/index.ts';
import { guardedAuthorizer } from './guarded-authorizer.ts';
import { loadModel } from './model.ts';
import { loadTuplePolicy } from './tuple-policy.ts';

const policyFile = fileURLToPath(new URL('../../../policies/tuple-storage.yaml', import.meta.url));
const modelFile = fileURLToPath(new URL('../../../openfga/model/model.fga', import.meta.url));
const child = 'child:p-0123456789abcdef0123456789abcdef';

describe('POL-001 tuple storage policy', () => {
  it('POL-001.2: organisation facts may be stored, child facts may not', async () => {
    const policy = await loadTuplePolicy(policyFile);
    expect(() =>
      policy.assertStorable([
        { object: 'case_scope:851-familie/34', relation: 'handler', user: 'user:anne' },
      ]),
    ).not.toThrow();
    expect(() =>
      policy.assertStorable([{ object: child, relation: 'listed_with', user: 'gp_clinic:1' }]),
    ).toThrow('child#listed_with is not allowed here (POL-001.2)');
  });

  it('POL-001.3: a request cannot carry organisation facts as contextual tuples', async () => {
    const policy = await loadTuplePolicy(policyFile);
    expect(() =>
      policy.assertContextual([{ object: child, relation: 'listed_with', user: 'gp_clinic:1' }]),
    ).not.toThrow();
    expect(() =>
      policy.assertContextual([
        { object: 'sensitivity:851-VIP_SAGER', relation: 'cleared', user: 'user:anne' },
      ]),
    ).toThrow('sensitivity#cleared is not allowed here (POL-001.3)');
  });

  it('POL-001.4: a child is named by its keyed pseudonym, and a CPR number is refused without being echoed', async () => {
    const policy = await loadTuplePolicy(policyFile);
    const attempt = () =>
      policy.assertContextual([{ object: 'child:6703154321', relation: 'listed_with', user: 'gp_clinic:1' }]);
    expect(attempt).toThrow('a child must be identified by its keyed pseudonym (POL-001.4)');
    try {
      attempt();
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('6703154321');
    }
  });

  it('POL-001.3: the guarded authorizer refuses a self-granting contextual tuple before deciding', async () => {
    const inner = createEmbeddedAuthorizer({ model: await loadModel(modelFile), tuples: [] });
    const authorizer = guardedAuthorizer(inner, await loadTuplePolicy(policyFile));
    const request = {
      user: 'user:gp',
      relation: 'can_view_school',
      object: child,
      context: { current_time: '2026-11-25T10:00:00Z' },
    };
    await expect(
      authorizer.check({
        ...request,
        contextualTuples: [{ object: 'gp_clinic:1', relation: 'gp', user: 'user:gp' }],
      }),
    ).rejects.toMatchObject({ code: 'invalid_tuple' });
    await expect(
      authorizer.check({
        ...request,
        contextualTuples: [{ object: child, relation: 'listed_with', user: 'gp_clinic:1' }],
      }),
    ).resolves.toEqual({ allowed: false });
  });
});
