import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmbeddedAuthorizer } from '../openfga-embedded/index.ts';
import type { CheckRequest } from '../openfga-embedded/vocabulary/types.ts';
import { guardedAuthorizer } from '../runtime/authz/guarded-authorizer.ts';
import { loadModel } from '../runtime/authz/model.ts';
import type { Authorizer } from '../runtime/authz/port.ts';
import { loadTuplePolicy } from '../runtime/authz/tuple-policy.ts';
import { NOBODY, warmUp } from './warm-up.ts';

const root = join(import.meta.dirname, '../..');
const PERMISSIONS = ['child#can_lookup_cases', 'case#can_view_case_contact'];

function recording(answer: (requests: readonly CheckRequest[]) => Promise<{ allowed: boolean }[]>) {
  const batches: (readonly CheckRequest[])[] = [];
  const authorizer = {
    batchCheck: (requests: readonly CheckRequest[]) => {
      batches.push(requests);
      return answer(requests);
    },
  } as unknown as Authorizer;
  return { authorizer, batches };
}

describe('warm-up at start', () => {
  it('asks one can_lookup_cases about nobody, with no facts about any child', async () => {
    const { authorizer, batches } = recording(async (r) => r.map(() => ({ allowed: false })));
    await warmUp(authorizer, PERMISSIONS);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toEqual([
      expect.objectContaining({ user: 'user:warm-up', relation: 'can_lookup_cases', object: NOBODY }),
    ]);
    expect(batches[0]![0]!.contextualTuples ?? []).toEqual([]);
  });

  it('POL-001.4: passes the tuple guard and is denied by the real model (no relation to anybody)', async () => {
    const model = await loadModel(join(root, 'openfga/model/model.fga'));
    const policy = await loadTuplePolicy(join(root, 'policies/tuple-storage.yaml'));
    const inner = createEmbeddedAuthorizer({ model, tuples: [] });
    const calls: boolean[] = [];
    const authorizer = guardedAuthorizer(inner, policy);
    const spy = {
      ...authorizer,
      batchCheck: async (requests: readonly CheckRequest[]) => {
        const results = await authorizer.batchCheck(requests);
        calls.push(...results.map((r) => r.allowed));
        return results;
      },
    };
    await warmUp(spy, PERMISSIONS);
    expect(calls).toEqual([false]);
  });

  it('asks nothing of a function that checks no permission on a child', async () => {
    const { authorizer, batches } = recording(async (r) => r.map(() => ({ allowed: false })));
    await warmUp(authorizer, ['case#can_view_case_contact']);
    await warmUp(authorizer, []);
    expect(batches).toEqual([]);
  });

  it('never fails the start: an authorizer that is down only leaves readiness to say so', async () => {
    const { authorizer, batches } = recording(() => Promise.reject(new Error('connection refused')));
    await expect(warmUp(authorizer, PERMISSIONS)).resolves.toBeUndefined();
    expect(batches).toHaveLength(1);
  });
});
