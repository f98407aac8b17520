import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadManifests } from '../synth/manifests.ts';
import { synthesize } from '../synth/synth.ts';
import { loadTargets } from '../targets/index.ts';
import { checkOutput } from './check.ts';
import { loadPolicy } from './policy.ts';

/** The stacks the repository's own targets synthesize pass the sovereignty check. */
const root = resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('sovereignty of the synthesized targets', () => {
  it('finds no violation in any stack of local, self-hosted and eu-managed', async () => {
    const outdir = await mkdtemp(join(tmpdir(), 'hoi-synth-'));
    dirs.push(outdir);
    const stacks = synthesize({ outdir, targets: loadTargets(), functions: await loadManifests(root) });
    const results = await checkOutput(outdir, await loadPolicy(join(root, 'policies/sovereignty.yaml')));
    expect(results.map((r) => r.stack).sort()).toEqual([...stacks].sort());
    expect(
      results
        .filter((r) => r.violations.length > 0)
        .map((r) => ({ stack: r.stack, violations: r.violations })),
    ).toEqual([]);
  });
});
