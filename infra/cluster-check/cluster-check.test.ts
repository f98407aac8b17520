import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadManifests } from '../synth/manifests.ts';
import { synthesize } from '../synth/synth.ts';
import { loadTargets } from '../targets/index.ts';
import { checkObjects, checkStacks } from './check-objects.ts';
import { controls } from './controls.ts';
import { KubeApi } from './kube-api.ts';
import { synthesizedStacks } from './stack-objects.ts';

const {
  HOI_KUBE_API_URL: url,
  HOI_KUBE_TOKEN: token,
  HOI_KUBE_CA: ca,
  HOI_OPERATOR_CHECK: binary,
} = process.env;
const missing =
  'a Kubernetes API server (HOI_KUBE_API_URL, HOI_KUBE_TOKEN, HOI_KUBE_CA, HOI_OPERATOR_CHECK): run it under .ci/with-apiserver';

describe('every synthesized object against a real API server and the operators’ checks', () => {
  if (!url || !token || !ca || !binary) {
    if (process.env.CI) {
      it(`needs ${missing}`, () => {
        throw new Error(`missing ${missing}`);
      });
    } else {
      it.skip(`skipped: needs ${missing}`, () => {});
    }
    return;
  }
  const api = new KubeApi({ url, token, ca: readFileSync(ca, 'utf8') });
  const outdir = mkdtempSync(join(tmpdir(), 'hoi-cluster-check-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));
  const stacks = async () => {
    const functions = await loadManifests(resolve(import.meta.dirname, '../..'));
    synthesize({ outdir, targets: loadTargets([]), functions });
    return synthesizedStacks(outdir);
  };

  it('accepts every object of every stack of every target, with no warning', async () => {
    const results = await checkStacks(api, await stacks(), binary);
    expect(results.map((r) => r.stack)).toEqual([
      'eu-managed-cluster',
      'eu-managed-platform',
      'local-cluster',
      'local-platform',
      'self-hosted-cluster',
      'self-hosted-platform',
    ]);
    expect(results.flatMap((r) => r.refusals)).toEqual([]);
    for (const r of results) expect(r.accepted).toBeGreaterThanOrEqual(r.stack.endsWith('-cluster') ? 7 : 30);
  });

  it('refuses each negative control by the same path, with the reason a cluster gives', async () => {
    const all = [...(await stacks()).values()].flatMap((s) => s.objects);
    const knativeServing = all.filter((o) => o.object.kind === 'KnativeServing').slice(0, 1);
    const cases = controls(all);
    expect(cases).toHaveLength(6);
    for (const control of cases) {
      const object = { stack: 'control', address: control.name, object: control.object };
      const refusals = await checkObjects(api, [...knativeServing, object], binary);
      expect(refusals.map((r) => r.address)).toEqual([control.name]);
      expect(refusals[0]!.message).toContain(control.refusal);
    }
  });
});
