import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedAuthorizer } from '../../openfga-embedded/index.ts';
import { AuthzError } from '../../openfga-embedded/vocabulary/errors.ts';
import type { AuthorizationModel, CheckRequest } from '../../openfga-embedded/vocabulary/types.ts';
import { generateCheck, generateChild } from '../../testing/hoi-child-facts.ts';
import { generateOrganisation, TWO_MUNICIPALITIES } from '../../testing/hoi-organisation.ts';
import { seededRandom } from '../../testing/random.ts';
import { loadModel } from './model.ts';
import type { Authorizer } from './port.ts';
import { scopedAuthorizer } from './scoped-authorizer.ts';

const modelFile = fileURLToPath(new URL('../../../openfga/model/model.fga', import.meta.url));
let model: AuthorizationModel;
beforeAll(async () => {
  model = await loadModel(modelFile);
});

/** The child and its case the hand-written checks below are about. */
const CHILD = `child:p-${'ab'.repeat(16)}`;
const CASE = 'case:00000001-0000-4000-8000-000000000001';

/** An authorizer that answers from `answer` and keeps what it was asked. */
function recording(answer = true) {
  const asked: CheckRequest[] = [];
  const inner: Authorizer = {
    check: async (r) => {
      asked.push(r);
      return { allowed: answer };
    },
    batchCheck: async (rs) => {
      asked.push(...rs);
      return rs.map(() => ({ allowed: answer }));
    },
    listObjects: async () => ({ objects: [] }),
    explain: () => Promise.reject(new Error('not asked')),
    ready: async () => true,
    close: async () => {},
  };
  return { inner, asked };
}

describe('scopedAuthorizer: each check carries only the facts its relation can read', () => {
  it('decides exactly as with every fact sent: 2,000 generated checks on random organisations', async () => {
    for (const seed of [11, 12]) {
      const random = seededRandom(seed);
      const org = generateOrganisation(random, TWO_MUNICIPALITIES);
      const embedded = createEmbeddedAuthorizer({ model, tuples: org.tuples });
      const scoped = scopedAuthorizer(embedded, async () => model);
      const checks: CheckRequest[] = [];
      for (let i = 0; i < 100; i++) {
        const child = generateChild(random, org, i);
        for (let k = 0; k < 10; k++) checks.push(generateCheck(random, org, child));
      }
      const [all, only] = await Promise.all([embedded.batchCheck(checks), scoped.batchCheck(checks)]);
      expect(only.map((r) => r.allowed)).toEqual(all.map((r) => r.allowed));
      // Not vacuous: both answers occur, and facts were left out.
      expect(all.filter((r) => r.allowed).length).toBeGreaterThan(50);
      expect(all.filter((r) => !r.allowed).length).toBeGreaterThan(300);
    }
  });

  it('the gate on the child is sent the child’s own facts, not its cases; an organisation check none', async () => {
    const { inner, asked } = recording();
    const scoped = scopedAuthorizer(inner, async () => model);
    const contextualTuples = [
      { user: CASE, relation: 'municipal_case', object: CHILD },
      { user: CHILD, relation: 'party', object: CASE },
      { user: 'municipality:851', relation: 'residence_municipality', object: CHILD },
      { user: 'gp_clinic:999120000000001', relation: 'listed_with', object: CHILD },
      { user: 'user:health/gp-x', relation: 'blocked', object: CHILD },
    ];
    await scoped.batchCheck([
      { user: 'user:health/gp-torvet', relation: 'can_lookup_cases', object: CHILD, contextualTuples },
      {
        user: 'user:health/gp-torvet',
        relation: 'gp',
        object: 'gp_clinic:999120000000001',
        contextualTuples,
      },
    ]);
    expect(asked.map((r) => r.contextualTuples)).toEqual([[contextualTuples[3], contextualTuples[4]], []]);
  });

  it('sends checks given one list one list again where their relations read the same part of it', async () => {
    const { inner, asked } = recording();
    const scoped = scopedAuthorizer(inner, async () => model);
    const contextualTuples = [
      { user: CASE, relation: 'municipal_case', object: CHILD },
      { user: 'gp_clinic:999120000000001', relation: 'listed_with', object: CHILD },
    ];
    const gp = 'user:health/gp-torvet';
    await scoped.batchCheck([
      { user: gp, relation: 'can_lookup_cases', object: CHILD, contextualTuples },
      { user: gp, relation: 'can_lookup_cases_without_override', object: CHILD, contextualTuples },
      { user: gp, relation: 'can_lookup_cases', object: CHILD, contextualTuples: [...contextualTuples] },
    ]);
    const [first, twin, copy] = asked.map((r) => r.contextualTuples);
    expect(first).toEqual([contextualTuples[1]]);
    expect(twin).toBe(first);
    // Another list of the same tuples is another list.
    expect(copy).toEqual(first);
    expect(copy).not.toBe(first);
  });

  it('fails closed when the model cannot be read, and asks again on the next query that carries facts', async () => {
    const { inner, asked } = recording();
    let calls = 0;
    let readable = false;
    const scoped = scopedAuthorizer(inner, async () => {
      calls++;
      if (!readable) throw new Error('connect ECONNREFUSED');
      return model;
    });
    // Asked at once, beside the start's other steps.
    expect(calls).toBe(1);
    const withFacts = {
      user: 'user:health/gp-torvet',
      relation: 'can_lookup_cases',
      object: CHILD,
      contextualTuples: [{ user: 'gp_clinic:999120000000001', relation: 'listed_with', object: CHILD }],
    };
    const error = await scoped.check(withFacts).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthzError);
    expect((error as AuthzError).code).toBe('unavailable');
    expect(asked).toEqual([]);
    // A query without facts needs no reach: the start's warm-up, an organisation check.
    const warmUp = { user: 'user:warm-up', relation: 'gp', object: 'gp_clinic:1' };
    expect(await scoped.batchCheck([warmUp])).toEqual([{ allowed: true }]);
    readable = true;
    expect(await scoped.check(withFacts)).toEqual({ allowed: true });
    // The first query met the failed first read; the next one read again.
    expect(calls).toBe(2);
    expect(asked).toEqual([warmUp, withFacts]);
  });
});
