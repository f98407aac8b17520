import { resolve } from 'node:path';
import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { manifest as SANDBOX } from '../../functions/sandbox/manifest.ts';
import { parseManifest } from '../constructs/function-manifest.ts';
import type { KubernetesObject } from '../constructs/knative-service.ts';
import { loadManifests } from '../synth/manifests.ts';
import { loadTargets, TARGETS } from '../targets/index.ts';
import { parseTarget } from '../targets/schema.ts';
import { deployedFunctions } from './deployed-functions.ts';
import { PlatformStack } from './platform-stack.ts';

const functions = await loadManifests(resolve(import.meta.dirname, '../..'));
const [local, selfHosted, euManaged] = loadTargets(['local', 'self-hosted', 'eu-managed']);
const build = (target = local!) =>
  new PlatformStack(Testing.app(), `${target.name}-platform`, { target, functions });
const knativeServices = (objects: KubernetesObject[]) =>
  objects.filter((o) => o.apiVersion === 'serving.knative.dev/v1' && o.kind === 'Service');
const envOf = (service: KubernetesObject) =>
  Object.fromEntries(
    (
      service.spec as { template: { spec: { containers: { env: { name: string; value?: string }[] }[] } } }
    ).template.spec.containers[0]!.env.map((e) => [e.name, e.value]),
  );

describe('the sandbox as a Service (local target only)', () => {
  it('runs the sandbox in local, cluster-local and without a DomainMapping', () => {
    const objects = build().objects;
    const sandbox = knativeServices(objects).find((s) => s.metadata.name === 'sandbox')!;
    expect(sandbox.metadata.labels).toMatchObject({ 'networking.knative.dev/visibility': 'cluster-local' });
    expect(
      (sandbox.spec as { template: { spec: { containers: { command: string[] }[] } } }).template.spec
        .containers[0]!.command,
    ).toEqual([
      'node',
      '--max-old-space-size=153',
      '--max-semi-space-size=16',
      '--min-semi-space-size=16',
      'dist/sandbox.js',
    ]);
    expect(objects.filter((o) => o.kind === 'DomainMapping').map((o) => o.metadata.name)).toEqual([
      'access-log.aalborg.localhost',
      'appointments.aalborg.localhost',
      'case-lookup.aalborg.localhost',
      'correspondence.aalborg.localhost',
      'portal.aalborg.localhost',
      'school-lookup.aalborg.localhost',
    ]);
  });

  it("points the functions' UPSTREAM_BASE_URL at the sandbox's cluster-local address in local", () => {
    const services = knativeServices(build().objects);
    for (const name of ['case-lookup', 'authz-sync', 'correspondence']) {
      const service = services.find((s) => s.metadata.name === name)!;
      expect(envOf(service).UPSTREAM_BASE_URL).toBe('http://sandbox.hoi-platform.svc.cluster.local');
    }
  });

  it('never deploys it to self-hosted or eu-managed', () => {
    for (const target of [selfHosted!, euManaged!]) {
      expect(target.sandbox).toBe(false);
      expect(knativeServices(build(target).objects).map((s) => s.metadata.name)).toEqual([
        'access-log',
        'appointments',
        'authz-sync',
        'case-lookup',
        'correspondence',
        'portal',
        'school-lookup',
      ]);
    }
  });

  it('refuses sandbox: true on a target with real upstreams, naming the field and the upstreams', () => {
    expect(() => parseTarget('self-hosted', { ...TARGETS['self-hosted']!, sandbox: true })).toThrow(
      'targets/self-hosted: sandbox must be false when egress lists real upstreams (serviceplatformen, nsp, medcom)',
    );
  });

  it('refuses sandbox: true when no manifest is a sandbox', () => {
    const withoutSandbox = functions.filter((fn) => !fn.sandbox);
    expect(() => deployedFunctions(withoutSandbox, local!)).toThrow(
      'targets/local: sandbox is true but no functions/*/manifest.ts sets sandbox: true',
    );
  });

  it('refuses a sandbox manifest exposed outside the cluster, naming the field', () => {
    expect(() =>
      parseManifest('functions/sandbox/manifest.ts', { ...SANDBOX, exposure: 'external' }),
    ).toThrow(
      'functions/sandbox/manifest.ts: exposure must be cluster-local for a sandbox: synthetic upstreams never face callers outside',
    );
  });
});
