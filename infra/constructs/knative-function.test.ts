import { resolve } from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { manifest as CASE_LOOKUP } from '../../functions/case-lookup/manifest.ts';
import { loadManifests } from '../synth/manifests.ts';
import { loadTargets } from '../targets/index.ts';
import { parseManifest } from './function-manifest.ts';
import { KnativeFunction } from './knative-function.ts';
import { type KubernetesObject, knativeService } from './knative-service.ts';
import { HARDENED_CONTAINER_CONTEXT } from './testing/hardened-container.ts';
import { validateObject } from './testing/validate-objects.ts';

const [target] = loadTargets(['self-hosted']);
const caseLookup = parseManifest('functions/case-lookup/manifest.ts', CASE_LOOKUP);

interface Container {
  name: string;
  image: string;
  command: string[];
  env: { name: string; value?: string; valueFrom?: unknown }[];
  resources: unknown;
  readinessProbe: { httpGet: { path: string } };
  livenessProbe: { httpGet: { path: string } };
  securityContext: Record<string, unknown>;
  volumeMounts: unknown;
}
interface PodTemplate {
  metadata: { annotations: Record<string, string>; labels: Record<string, string> };
  spec: Record<string, unknown> & { containers: Container[] };
}
const templateOf = (service: KubernetesObject) => (service.spec as { template: PodTemplate }).template;

describe('KnativeFunction', () => {
  const service = knativeService(caseLookup, target!);
  const template = templateOf(service);
  const container = template.spec.containers[0]!;

  it('is a Knative Service in the platform namespace named after the function', () => {
    expect(service).toMatchObject({
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      metadata: { name: 'case-lookup', namespace: 'hoi-platform' },
    });
  });

  it('runs the one image by digest with `node --max-old-space-size=<60% of its limit> --max-semi-space-size=<1/16> --min-semi-space-size=<the same> dist/<name>.js` in a named container', () => {
    expect(container.name).toBe('case-lookup');
    expect(container.image).toBe(`registry.aalborg.example/hoi-platform/functions@${target!.image.digest}`);
    // 60% of case-lookup's 256Mi limit: Node would otherwise size its heap to the whole limit.
    expect(container.command).toEqual([
      'node',
      '--max-old-space-size=153',
      '--max-semi-space-size=16',
      '--min-semi-space-size=16',
      'dist/case-lookup.js',
    ]);
  });

  it("sets the manifest's env keys to the target's values and secrets by reference only", () => {
    const env = Object.fromEntries(container.env.map((e) => [e.name, e.value ?? e.valueFrom]));
    expect(env.AUTHZ_MODE).toBe('openfga');
    expect(env.UPSTREAM_BASE_URL).toBe('https://exttest.serviceplatformen.example');
    // A key the target gives no value stays unset: the function's own config decides.
    expect(env).not.toHaveProperty('AUTH_MUNICIPAL_JWKS_URL');
    // The store and model ids come from what the OpenFGA bootstrap Job published.
    expect(env.FGA_STORE_ID).toEqual({ configMapKeyRef: { name: 'openfga-store', key: 'storeId' } });
    expect(env.FGA_MODEL_ID).toEqual({ configMapKeyRef: { name: 'openfga-store', key: 'modelId' } });
    expect(env.DATABASE_PASSWORD).toEqual({ secretKeyRef: { name: 'audit-database', key: 'password' } });
    expect(env.FGA_API_TOKEN).toEqual({ secretKeyRef: { name: 'openfga-preshared-key', key: 'token' } });
    expect(Object.keys(env).filter((k) => !CASE_LOOKUP.env.some((e) => e === k))).toEqual([
      'FGA_API_TOKEN',
      'PSEUDONYM_KEY',
      'DATABASE_PASSWORD',
    ]);
  });

  it('refuses a target that sets the store or model id itself, naming the field', () => {
    const pinned = { ...target!, env: { ...target!.env, FGA_MODEL_ID: '01JAAAAAAAAAAAAAAAAAAAAAAB' } };
    expect(() => knativeService(caseLookup, pinned)).toThrow(
      'targets/self-hosted: env.FGA_MODEL_ID is published by the OpenFGA bootstrap Job, not set by a target',
    );
  });

  it('scales and times out as the manifest says, numbers staying numbers in the spec', () => {
    expect(template.metadata.annotations).toEqual({
      'autoscaling.knative.dev/min-scale': '0',
      'autoscaling.knative.dev/max-scale': '10',
      'autoscaling.knative.dev/target': '50',
    });
    expect(template.spec.containerConcurrency).toBe(50);
    expect(template.spec.timeoutSeconds).toBe(15);
    expect(container.resources).toEqual({
      requests: { cpu: '250m', memory: '256Mi' },
      limits: { memory: '256Mi' },
    });
  });

  it("lays the target's scaling override over the manifest's", () => {
    const [euManaged] = loadTargets(['eu-managed']);
    const annotations = templateOf(knativeService(caseLookup, euManaged!)).metadata.annotations;
    expect(annotations['autoscaling.knative.dev/min-scale']).toBe('1');
    expect(annotations['autoscaling.knative.dev/max-scale']).toBe('20');
  });

  it('labels its pods as a function, the label the upstream egress policies select', () => {
    expect(templateOf(service).metadata.labels).toEqual({
      'app.kubernetes.io/name': 'case-lookup',
      'app.kubernetes.io/part-of': 'hoi-platform',
      'app.kubernetes.io/component': 'function',
    });
  });

  it("probes the kit's health paths", () => {
    expect(container.readinessProbe.httpGet.path).toBe('/health/readiness');
    expect(container.livenessProbe.httpGet.path).toBe('/health/liveness');
  });

  it('runs non-root on a read-only root fs (writable /tmp only), no capabilities, RuntimeDefault seccomp, no token, no service links', () => {
    expect(template.spec).toMatchObject({
      enableServiceLinks: false,
      automountServiceAccountToken: false,
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
    });
    expect(template.spec.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }]);
    expect(container.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(container.securityContext).toEqual(HARDENED_CONTAINER_CONTEXT);
  });

  it('passes the Knative model validator and the project rules for every target', () => {
    for (const t of loadTargets()) expect(() => validateObject(knativeService(caseLookup, t))).not.toThrow();
  });

  it('is emitted as a kubernetes_manifest carrying exactly that object', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const fn = new KnativeFunction(stack, 'case-lookup', { manifest: caseLookup, target: target! });
    const synthesized = JSON.parse(Testing.synth(stack));
    const manifests = Object.values(synthesized.resource.kubernetes_manifest) as { manifest: unknown }[];
    expect(manifests.map((m) => m.manifest)).toEqual([fn.service]);
  });

  it('deploys a new function from its manifest.ts alone (fixture: letter-sync)', async () => {
    const functions = await loadManifests(resolve(import.meta.dirname, 'fixtures'));
    expect(functions.map((f) => f.name)).toEqual(['letter-sync']);
    const letterSync = knativeService(functions[0]!, target!);
    validateObject(letterSync);
    const fixtureContainer = templateOf(letterSync).spec.containers[0]!;
    expect(fixtureContainer.command).toEqual([
      'node',
      '--max-old-space-size=76',
      '--max-semi-space-size=8',
      '--min-semi-space-size=8',
      'dist/letter-sync.js',
    ]);
    expect(fixtureContainer.env).toEqual([
      { name: 'FGA_API_URL', value: target!.env.FGA_API_URL },
      { name: 'MEDCOM_CLIENT_KEY', valueFrom: { secretKeyRef: { name: 'medcom-client', key: 'key' } } },
    ]);
    expect(templateOf(letterSync).spec.timeoutSeconds).toBe(30);
  });
});

describe('function manifest rules', () => {
  const bad = (change: Record<string, unknown>) => () =>
    parseManifest('functions/x/manifest.ts', { ...CASE_LOOKUP, ...change });

  it('minScale ≤ maxScale, naming both', () => {
    expect(bad({ scaling: { ...CASE_LOOKUP.scaling, minScale: 11 } })).toThrow(
      'functions/x/manifest.ts: scaling.minScale must be ≤ scaling.maxScale',
    );
  });

  it('timeoutSeconds ≥ 1', () => {
    expect(bad({ scaling: { ...CASE_LOOKUP.scaling, timeoutSeconds: 0 } })).toThrow(
      'functions/x/manifest.ts: scaling.timeoutSeconds must be ≥ 1',
    );
  });

  it('a variable is either plain env or a secret reference, naming both lists', () => {
    expect(bad({ env: [...CASE_LOOKUP.env, 'FGA_API_TOKEN'] })).toThrow(
      'functions/x/manifest.ts: secrets[0].env FGA_API_TOKEN is also in env',
    );
  });

  it('resources are Kubernetes quantities', () => {
    expect(bad({ resources: { cpu: 'a quarter', memory: '256Mi' } })).toThrow(
      'functions/x/manifest.ts: resources.cpu must be a Kubernetes quantity',
    );
  });

  it('schedules with a valid cron expression, a path and a token Secret, naming the field', () => {
    const sync = {
      name: 'sync',
      cron: '*/15 * * * *',
      path: '/v1/sync',
      tokenSecret: { secret: 's', key: 'k' },
    };
    expect(parseManifest('functions/x/manifest.ts', { ...CASE_LOOKUP, schedules: [sync] }).schedules).toEqual(
      [{ ...sync, method: 'POST' }],
    );
    expect(bad({ schedules: [{ ...sync, cron: '*/15 * * *' }] })).toThrow(
      'functions/x/manifest.ts: schedules[0].cron must have five fields (minute hour day month weekday), not 4',
    );
    expect(bad({ schedules: [{ ...sync, method: 'DELETE' }] })).toThrow(
      'functions/x/manifest.ts: schedules[0].method',
    );
    expect(bad({ schedules: [{ ...sync, tokenSecret: undefined }] })).toThrow(
      'functions/x/manifest.ts: schedules[0].tokenSecret',
    );
  });

  it('a name that is a DNS label', () => {
    expect(bad({ name: 'Case_Lookup' })).toThrow('functions/x/manifest.ts: name must be a DNS label');
  });

  it("the target's scaling override cannot push minScale above the manifest's maxScale, naming both", () => {
    const t = { ...target!, scaling: { 'case-lookup': { minScale: 11 } } };
    expect(() => knativeService(caseLookup, t)).toThrow(
      'targets/self-hosted: scaling.case-lookup.minScale (11) must be ≤ maxScale (10) from the target or functions/case-lookup/manifest.ts',
    );
  });

  it('refuses a manifest that exports no `manifest` named after its directory', async () => {
    await expect(loadManifests(resolve(import.meta.dirname, 'fixtures'), 'bad-functions')).rejects.toThrow(
      'bad-functions/misnamed/manifest.ts: exports no `manifest` whose name is "misnamed"',
    );
  });
});

describe('object validation beyond the Knative model (what its validator misses)', () => {
  const service = knativeService(caseLookup, target!);
  const withContainer = (change: Record<string, unknown>) => {
    const copy = structuredClone(service) as KubernetesObject & { spec: { template: PodTemplate } };
    Object.assign(copy.spec.template.spec.containers[0]!, change);
    return copy;
  };

  it('a container without an image', () => {
    const copy = withContainer({});
    delete (copy.spec.template.spec.containers[0] as Partial<Container>).image;
    expect(() => validateObject(copy)).toThrow('spec.template.spec.containers[0].image is required');
  });

  it('an image by tag', () => {
    expect(() => validateObject(withContainer({ image: 'registry.example/functions:1.0' }))).toThrow(
      'containers[0].image must be pinned by digest',
    );
  });

  it('an unknown container field', () => {
    expect(() => validateObject(withContainer({ imagePullPolicy: 'Always', priviledged: true }))).toThrow(
      'unknown field spec.template.spec.containers[0].imagePullPolicy',
    );
  });

  it('an unknown top-level field', () => {
    expect(() => validateObject({ ...service, status: {} })).toThrow(
      'Service/case-lookup: unknown field .status',
    );
  });

  it('a pod-level security field Knative admits only behind a feature flag', () => {
    const copy = structuredClone(service) as KubernetesObject & { spec: { template: PodTemplate } };
    copy.spec.template.spec.securityContext = {
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    };
    expect(() => validateObject(copy)).toThrow(
      'unknown field spec.template.spec.securityContext.runAsNonRoot',
    );
  });

  it('a negative timeoutSeconds', () => {
    const copy = structuredClone(service) as KubernetesObject & { spec: { template: PodTemplate } };
    copy.spec.template.spec.timeoutSeconds = -1;
    expect(() => validateObject(copy)).toThrow('spec.template.spec.timeoutSeconds must be ≥ 1');
  });

  it('a wrong type, through the Knative model validator', () => {
    const copy = structuredClone(service) as KubernetesObject & { spec: { template: PodTemplate } };
    copy.spec.template.spec.containerConcurrency = 'fifty';
    expect(() => validateObject(copy)).toThrow(/containerConcurrency must be integer/);
  });

  it('a kind without a model', () => {
    expect(() => validateObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } })).toThrow(
      'Pod/x: no model for v1 Pod',
    );
  });
});
