import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { validateObject } from '../constructs/testing/validate-objects.ts';
import { loadTargets, TARGETS } from '../targets/index.ts';
import { parseTarget, type Target } from '../targets/schema.ts';
import { ClusterStack } from './cluster-stack.ts';

const [selfHosted] = loadTargets(['self-hosted']);

interface Release {
  name: string;
  namespace: string;
  repository: string;
  chart: string;
  version: string;
  values?: string[];
  depends_on: string[];
}
function synth(target = selfHosted!) {
  const stack = new ClusterStack(Testing.app(), `${target.name}-cluster`, { target });
  const json = JSON.parse(Testing.synth(stack));
  return { stack, json, releases: json.resource.helm_release as Record<string, Release> };
}

describe('ClusterStack', () => {
  it('creates the namespaces at Pod Security restricted (enforce, warn, audit)', () => {
    const { json } = synth();
    const namespaces = Object.values(json.resource.kubernetes_namespace_v1) as {
      metadata: { name: string; labels: Record<string, string> };
    }[];
    expect(namespaces.map((n) => n.metadata.name).sort()).toEqual([
      'cnpg-system',
      'hoi-platform',
      'knative-eventing',
      'knative-operator',
      'knative-serving',
    ]);
    for (const ns of namespaces) {
      expect(ns.metadata.labels).toMatchObject({
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/audit': 'restricted',
      });
    }
  });

  it("installs the Knative operator and CloudNativePG from the target's chart repositories at pinned versions", () => {
    const { releases } = synth();
    expect(releases['knative-operator']).toMatchObject({
      namespace: 'knative-operator',
      ...selfHosted!.charts.knativeOperator,
    });
    expect(releases['cloudnative-pg']).toMatchObject({
      namespace: 'cnpg-system',
      ...selfHosted!.charts.cloudnativePg,
    });
    for (const release of Object.values(releases)) expect(release.version).toMatch(/^v?\d+\.\d+\.\d+$/);
  });

  it("runs the CloudNativePG operator from the target's registry, pinned by digest", () => {
    const { releases } = synth();
    expect(releases['cloudnative-pg']!.repository).toBe('oci://registry.aalborg.example/charts');
    expect(JSON.parse(releases['cloudnative-pg']!.values![0]!)).toEqual({
      image: {
        repository: 'registry.aalborg.example/mirror/cloudnative-pg/cloudnative-pg',
        tag: `1.27.0@${selfHosted!.images.cnpgOperator.digest}`,
      },
    });
  });

  it('configures Knative Serving with secure pod defaults and scale to zero, after the operator', () => {
    const { releases } = synth();
    const serving = releases['knative-serving']!;
    expect(serving.chart).toBe('raw');
    expect(serving.depends_on).toContain('helm_release.knative-operator');
    const [resource] = JSON.parse(serving.values![0]!).resources;
    expect(resource.kind).toBe('KnativeServing');
    expect(resource.spec.config.features['secure-pod-defaults']).toBe('enabled');
    expect(resource.spec.config.autoscaler['enable-scale-to-zero']).toBe('true');
    expect(releases['knative-eventing']!.depends_on).toContain('helm_release.knative-operator');
  });

  it("keeps Knative's gateway off public load balancers unless the target allows one", () => {
    const serviceType = (publicLoadBalancer: boolean) => {
      const { releases } = synth({ ...selfHosted!, publicLoadBalancer });
      return JSON.parse(releases['knative-serving']!.values![0]!).resources[0].spec.ingress.kourier[
        'service-type'
      ];
    };
    expect(serviceType(false)).toBe('ClusterIP');
    expect(serviceType(true)).toBe('LoadBalancer');
  });

  it("pins Knative's own images through the operator's registry override when the target lists them", () => {
    const activator = `registry.aalborg.example/knative/activator@sha256:${'a'.repeat(64)}`;
    const values = (knativeImages: Target['knativeImages']) =>
      JSON.parse(synth({ ...selfHosted!, knativeImages }).releases['knative-serving']!.values![0]!)
        .resources[0].spec;
    expect(values({ serving: { activator }, eventing: {} }).registry).toEqual({ override: { activator } });
    expect(values({ serving: {}, eventing: {} })).not.toHaveProperty('registry');
  });

  it('refuses a Knative image override that is not pinned by digest', () => {
    const bad = {
      ...TARGETS['self-hosted']!,
      knativeImages: { serving: { activator: 'registry.example/activator:v1' } },
    };
    expect(() => parseTarget('self-hosted', bad)).toThrow(
      'targets/self-hosted: knativeImages.serving.activator must be an image pinned by digest',
    );
  });

  it("keeps state where the target says, in the stack's own schema, and reads no kubeconfig from a home directory", () => {
    const { json } = synth();
    expect(json.terraform.backend).toEqual({ pg: { schema_name: 'hoi_state_self_hosted_cluster' } });
    expect(json.provider.kubernetes).toEqual([{}]);
    expect(JSON.stringify(json.provider)).not.toMatch(/config_path|\.kube/);
    const [local] = loadTargets(['local']);
    expect(synth(local).json.provider.kubernetes).toEqual([{ config_context: 'kind-hoi' }]);
  });

  it('passes the models validators for every object of every target', () => {
    for (const target of loadTargets())
      for (const object of synth(target).stack.objects) validateObject(object);
  });

  it('synthesizes the self-hosted cluster stack (snapshot)', () => {
    expect(JSON.parse(Testing.synth(synth().stack))).toMatchSnapshot();
  });
});
