import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRelevantCasesPolicy } from '../../functions/kit/org-sync/relevant-cases-policy.ts';
import { loadTuplePolicy } from '../../functions/runtime/authz/tuple-policy.ts';
import { COMPILED_POLICIES, compilePolicies } from '../../infra/build/build.ts';
import { compiledPolicyPath } from '../../infra/build/compiled-policy.ts';

/**
 * The image's functions read `dist/policies/*.json` (Containerfile); security
 * reviews `policies/*.yaml`. The two must decide alike.
 */
const root = join(import.meta.dirname, '../..');

describe('policies compiled by npm run build', () => {
  let outDir: string;
  let written: string[];
  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'compiled-policies-'));
    written = await compilePolicies(root, outDir);
  });
  afterAll(() => rm(outDir, { recursive: true, force: true }));

  const json = (name: string) => join(outDir, 'policies', `${name}.json`);
  const yaml = (name: string) => join(root, 'policies', `${name}.yaml`);

  it('writes one JSON file per policy a function reads at start, municipalities’ own choices included', () => {
    expect(written).toEqual([
      ...COMPILED_POLICIES.map(json),
      join(outDir, 'policies/municipalities/860-relevant-cases.json'),
    ]);
  });

  it('POL-004.7: a municipality’s own choices read the same from JSON as from YAML, at the path the target derives', async () => {
    const reviewed = 'policies/municipalities/860-relevant-cases.yaml';
    expect(compiledPolicyPath(reviewed)).toBe('dist/policies/municipalities/860-relevant-cases.json');
    const fromJson = await loadRelevantCasesPolicy(
      join(outDir, 'policies/municipalities/860-relevant-cases.json'),
    );
    expect(fromJson).toEqual(await loadRelevantCasesPolicy(join(root, reviewed)));
    expect(fromJson.kleSubjects).not.toContain('27.25.12');
  });

  it('POL-004: the relevant-cases policy reads the same from JSON as from YAML', async () => {
    const fromJson = await loadRelevantCasesPolicy(json('relevant-cases'));
    expect(fromJson).toEqual(await loadRelevantCasesPolicy(yaml('relevant-cases')));
    expect(fromJson.kleSubjects.length).toBeGreaterThan(0);
  });

  it('POL-001.2: the tuple storage policy admits and refuses the same tuples from JSON as from YAML', async () => {
    const [fromJson, fromYaml] = await Promise.all([
      loadTuplePolicy(json('tuple-storage')),
      loadTuplePolicy(yaml('tuple-storage')),
    ]);
    const unit = { user: 'user:u1', relation: 'member_in_subtree', object: 'org_unit:u2' };
    const childFact = { user: 'gp_clinic:c1', relation: 'listed_with', object: 'child:abc' };
    expect(outcome(() => fromJson.assertStorable([unit]))).toBe('ok');
    expect(outcome(() => fromJson.assertStorable([childFact]))).toMatch(/POL-001\.2/);
    for (const tuple of [unit, childFact]) {
      expect(outcome(() => fromJson.assertStorable([tuple]))).toBe(
        outcome(() => fromYaml.assertStorable([tuple])),
      );
    }
  });
});

/** Which error a call throws, or 'ok'. */
function outcome(call: () => void): string {
  try {
    call();
    return 'ok';
  } catch (error) {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
}
