import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFunctions } from '../functions/kit/find-functions.ts';
import { mountFunctions } from '../functions/local/mount-functions.ts';
import { platformRouter } from '../functions/local/router.ts';
import { bundle, discoverFunctions } from '../infra/build/build.ts';
import { startBundle, waitForStatus } from '../infra/build/run-bundle.ts';
import { loadManifests } from '../infra/synth/manifests.ts';
import { synthesize } from '../infra/synth/synth.ts';
import { loadTargets } from '../infra/targets/index.ts';

/**
 * Adding a function is adding a folder: a throw-away function written into a
 * copy of `functions/` (the kit's rooms linked in, nothing else changed) is
 * mounted by the local platform, bundled by the build and synthesized as a
 * Knative Service — found from its manifest alone.
 */
const root = resolve(import.meta.dirname, '..');
const NAME = 'throwaway-echo';
const MANIFEST = `import { defineFunction } from '../kit/define-function.ts';

export const manifest = defineFunction({
  name: '${NAME}',
  description: 'A function that exists only for this test',
  routes: [{ method: 'GET', path: '/v1/echo' }],
  exposure: 'cluster-local',
  settings: ['ECHO_WORD'],
  scaling: { minScale: 0, maxScale: 1, containerConcurrency: 10, timeoutSeconds: 5 },
  resources: { cpu: '50m', memory: '64Mi' },
  processing: { none: 'echoes a configured word' },
});
`;
const APP = `import { functionApp } from '../kit/function-app.ts';
import type { Kit } from '../kit/kit.ts';

export function createApp(kit: Kit) {
  const word = kit.env.ECHO_WORD ?? 'hej';
  const app = functionApp(kit, []);
  app.get('/v1/echo', (c) => c.json({ echo: word, from: kit.manifest.name }));
  return app;
}
`;

let scratch: string;
let functionsDir: string;

beforeAll(async () => {
  // Inside the repository, so packages resolve from its node_modules.
  await mkdir(join(root, '.cache'), { recursive: true });
  scratch = await mkdtemp(join(root, '.cache', 'new-function-'));
  functionsDir = join(scratch, 'functions');
  await mkdir(join(functionsDir, NAME), { recursive: true });
  for (const room of ['kit', 'runtime', 'contracts', 'openfga-embedded']) {
    await symlink(join(root, 'functions', room), join(functionsDir, room), 'dir');
  }
  await writeFile(join(functionsDir, NAME, 'manifest.ts'), MANIFEST);
  await writeFile(join(functionsDir, NAME, 'app.ts'), APP);
});
afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('a new function is a new folder', () => {
  it('is mounted by the local platform under /<name>/, with its docs', async () => {
    const found = await findFunctions(functionsDir);
    expect(found.map((f) => f.manifest.name)).toEqual([NAME]);
    const started = await mountFunctions(found, { ECHO_WORD: 'goddag' });
    try {
      const router = platformRouter([NAME]);
      for (const m of started.mounted) router.mount(m.name, m.app!);
      const res = await router.app.request(`/${NAME}/v1/echo`);
      expect([res.status, await res.json()]).toEqual([200, { echo: 'goddag', from: NAME }]);
      const doc = (await (await router.app.request(`/${NAME}/openapi.json`)).json()) as {
        info: { title: string };
      };
      expect(doc.info.title).toBe(NAME);
      expect((await router.app.request(`/${NAME}/health/readiness`)).status).toBe(200);
    } finally {
      await started.close();
    }
  });

  it('is bundled by the build, and its bundle serves', async () => {
    const entries = await discoverFunctions(scratch);
    expect(entries.map((e) => e.name)).toEqual([NAME]);
    const [built] = await bundle(entries, join(scratch, 'dist'));
    const running = await startBundle(built!.file, { env: { PATH: process.env.PATH ?? '' }, cwd: root });
    try {
      await waitForStatus(running, { path: '/v1/echo' }, { timeoutMs: 30_000 });
      const res = await fetch(`${running.url}/v1/echo`);
      expect(await res.json()).toEqual({ echo: 'hej', from: NAME });
    } finally {
      await running.stop();
    }
  }, 60_000);

  it('is synthesized as a Knative Service with the variables its manifest declares', async () => {
    const manifests = await loadManifests(scratch);
    expect(manifests.map((m) => m.name)).toEqual([NAME]);
    expect(manifests[0]!.env).toEqual([
      'ECHO_WORD',
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'OTEL_TRACES_SAMPLER',
      'OTEL_TRACES_SAMPLER_ARG',
    ]);
    const outdir = join(scratch, 'cdktf.out');
    // Beside the platform's own functions, whose variables the target sets.
    const functions = [...(await loadManifests(root)), ...manifests];
    synthesize({ outdir, targets: loadTargets(['self-hosted']), functions });
    const stack = JSON.parse(await readFile(join(outdir, 'stacks/self-hosted-platform/cdk.tf.json'), 'utf8'));
    const objects: { manifest: { apiVersion: string; kind: string; metadata: { name: string } } }[] =
      Object.values(stack.resource.kubernetes_manifest);
    const services = objects
      .filter((o) => o.manifest.apiVersion === 'serving.knative.dev/v1' && o.manifest.kind === 'Service')
      .map((o) => o.manifest.metadata.name);
    expect(services).toEqual(expect.arrayContaining([NAME, 'case-lookup', 'authz-sync']));
  });
});
