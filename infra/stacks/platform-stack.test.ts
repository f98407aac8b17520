import { resolve } from 'node:path';
import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import type { KubernetesObject } from '../constructs/knative-service.ts';
import { validateObject } from '../constructs/testing/validate-objects.ts';
import { loadManifests } from '../synth/manifests.ts';
import { loadTargets } from '../targets/index.ts';
import { PlatformStack } from './platform-stack.ts';

const root = resolve(import.meta.dirname, '../..');
const functions = await loadManifests(root);
const [selfHosted, local] = loadTargets(['self-hosted', 'local']);
const isKnativeService = (o: KubernetesObject) => o.apiVersion === 'serving.knative.dev/v1';
const build = (target = selfHosted!, fns = functions) =>
  new PlatformStack(Testing.app(), `${target.name}-platform`, { target, functions: fns });

describe('PlatformStack', () => {
  it('deploys one Knative Service per functions/*/manifest.ts, the sandbox only where the target asks', () => {
    // Every function folder with a manifest, whatever their number (the list is not written here).
    const names = functions.map((f) => f.name);
    expect(names).toEqual(
      expect.arrayContaining(['access-log', 'appointments', 'authz-sync', 'case-lookup', 'sandbox']),
    );
    expect(names).toEqual([...names].sort());
    const services = build().objects.filter(isKnativeService);
    expect(services.map((s) => s.metadata.name)).toEqual(names.filter((n) => n !== 'sandbox'));
  });

  it('emits every object as a kubernetes_manifest, network policies included', () => {
    const stack = build();
    const json = JSON.parse(Testing.synth(stack));
    const manifests = Object.values(json.resource.kubernetes_manifest) as { manifest: KubernetesObject }[];
    const byKindAndName = (a: KubernetesObject, b: KubernetesObject) =>
      `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`);
    expect(manifests.map((m) => m.manifest).sort(byKindAndName)).toEqual(
      [...stack.objects].sort(byKindAndName),
    );
    expect(stack.objects.filter((o) => o.kind === 'NetworkPolicy').map((o) => o.metadata.name)).toContain(
      'default-deny',
    );
    expect(json.terraform.backend).toEqual({ pg: { schema_name: 'hoi_state_self_hosted_platform' } });
  });

  it('adds a function from its manifest alone (fixture letter-sync next to case-lookup)', async () => {
    const fixture = await loadManifests(resolve(import.meta.dirname, '../constructs/fixtures'));
    const stack = build(selfHosted!, [...functions, ...fixture]);
    expect(stack.objects.filter(isKnativeService).map((o) => o.metadata.name)).toEqual([
      'access-log',
      'appointments',
      'authz-sync',
      'case-lookup',
      'correspondence',
      'portal',
      'school-lookup',
      'letter-sync',
    ]);
    expect(
      stack.objects
        .filter((o) => /^(Trigger|PingSource)$/.test(o.kind))
        .map((o) => `${o.kind}/${o.metadata.name}`),
    ).toEqual(['Trigger/letter-sync-1', 'PingSource/letter-sync-schedule']);
  });

  it('traces one request in ten on the production targets, every one on the local cluster, parent-based on both', () => {
    const sampling = (target: typeof selfHosted) =>
      build(target)
        .objects.filter(isKnativeService)
        .map((service) => {
          const container = (
            service.spec as {
              template: { spec: { containers: { env: { name: string; value?: string }[] }[] } };
            }
          ).template.spec.containers[0]!;
          const value = (name: string) => container.env.find((e) => e.name === name)?.value;
          return `${service.metadata.name} ${value('OTEL_TRACES_SAMPLER')} ${value('OTEL_TRACES_SAMPLER_ARG')}`;
        });
    const everyFunction = (target: typeof selfHosted, sampler: string) =>
      build(target)
        .objects.filter(isKnativeService)
        .map((service) => `${service.metadata.name} ${sampler}`);
    expect(sampling(selfHosted)).toEqual(everyFunction(selfHosted, 'parentbased_traceidratio 0.1'));
    expect(sampling(local)).toEqual(everyFunction(local, 'parentbased_traceidratio 1'));
    expect(sampling(local)).toContain('case-lookup parentbased_traceidratio 1');
  });

  it('runs the platform parts: OpenFGA with its migrations, two databases with backups, a collector, a Broker', () => {
    const kinds = build().objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'Cluster/audit-db',
        'ObjectStore/audit-db-backups',
        'ScheduledBackup/audit-db-daily',
        'Cluster/openfga-db',
        'ObjectStore/openfga-db-backups',
        'ScheduledBackup/openfga-db-daily',
        'Job/openfga-migrate-v1-22-1',
        'Deployment/openfga',
        'Service/openfga',
        'Deployment/otel-collector',
        'Service/otel-collector',
        'Broker/platform',
        // authz-sync's schedule: a CronJob that sends its bearer token.
        'CronJob/authz-sync-sync',
        // The audit chain's signed checkpoints, every 5 minutes, on a volume of their own.
        'CronJob/audit-checkpoint',
        'PersistentVolumeClaim/audit-checkpoints',
        // The OpenFGA store/model bootstrap and where it publishes the ids.
        'ConfigMap/openfga-store',
        'ServiceAccount/openfga-bootstrap',
        'Role/openfga-bootstrap',
        'RoleBinding/openfga-bootstrap',
      ]),
    );
    // case-lookup neither receives events nor runs on a schedule.
    expect(kinds.filter((k) => /^(Trigger|PingSource)\//.test(k))).toEqual([]);
  });

  it('waits for the OpenFGA bootstrap Job to complete before creating or updating any function', () => {
    const json = JSON.parse(Testing.synth(build()));
    const resources = json.resource.kubernetes_manifest as Record<string, Record<string, unknown>>;
    const [jobId, job] = Object.entries(resources).find(([id]) => id.startsWith('job-openfga-bootstrap-'))!;
    expect(job).toMatchObject({
      wait: { condition: [{ type: 'Complete', status: 'True' }] },
      timeouts: { create: '35m' },
    });
    const services = Object.values(resources).filter(
      (r) => (r.manifest as KubernetesObject).apiVersion === 'serving.knative.dev/v1',
    );
    expect(services.length).toBeGreaterThan(0);
    for (const service of services) expect(service.depends_on).toEqual([`kubernetes_manifest.${jobId}`]);
  });

  it("refuses an env value no function's manifest declares, naming the target's key and the manifests", () => {
    const target = { ...selfHosted!, env: { ...selfHosted!.env, UPSTREM_BASE_URL: 'https://x.example' } };
    expect(() => build(target)).toThrow(
      "targets/self-hosted: env.UPSTREM_BASE_URL is declared by no function's manifest.ts env",
    );
  });

  it('refuses a scaling override for a function that does not exist, naming both', () => {
    const target = { ...selfHosted!, scaling: { 'case-lookups': { maxScale: 3 } } };
    expect(() => build(target)).toThrow(
      'targets/self-hosted: scaling.case-lookups names no function (no functions/case-lookups/manifest.ts)',
    );
  });

  it('passes the models validators and the project rules for every object of every target', () => {
    for (const target of loadTargets()) for (const object of build(target).objects) validateObject(object);
  });

  it('synthesizes the self-hosted platform stack (snapshot)', () => {
    expect(JSON.parse(Testing.synth(build()))).toMatchSnapshot();
  });
});
