import { TerraformStack, Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { manifest as AUTHZ_SYNC } from '../../functions/authz-sync/manifest.ts';
import { manifest as CASE_LOOKUP } from '../../functions/case-lookup/manifest.ts';
import { loadTargets, TARGETS } from '../targets/index.ts';
import { parseTarget, type Target } from '../targets/schema.ts';
import { knativeServing } from './cluster-objects.ts';
import { ManifestError, parseManifest } from './function-manifest.ts';
import { FunctionIngress, ingressObjects } from './ingress.ts';
import { type KubernetesObject, knativeService } from './knative-service.ts';
import { validateObject } from './testing/validate-objects.ts';

const [selfHosted, euManaged] = loadTargets(['self-hosted', 'eu-managed']);
const caseLookup = parseManifest('functions/case-lookup/manifest.ts', CASE_LOOKUP);
const authzSync = parseManifest('functions/authz-sync/manifest.ts', AUTHZ_SYNC);
const names = (objects: KubernetesObject[], kind: string) =>
  objects.filter((o) => o.kind === kind).map((o) => o.metadata.name);

describe('ingress per municipality', () => {
  it("maps <function>.<domain> to each external function's Service for every municipality of the target", () => {
    const objects = ingressObjects([authzSync, caseLookup], euManaged!);
    expect(names(objects, 'DomainMapping')).toEqual([
      'case-lookup.aalborg.hoi-region.example',
      'case-lookup.hjoerring.hoi-region.example',
    ]);
    const mapping = objects.find((o) => o.kind === 'DomainMapping')!;
    expect(mapping.metadata.namespace).toBe('hoi-platform');
    expect(mapping.spec).toEqual({
      ref: {
        apiVersion: 'serving.knative.dev/v1',
        kind: 'Service',
        name: 'case-lookup',
        namespace: 'hoi-platform',
      },
      tls: { secretName: '851-tls' },
    });
  });

  it('claims each host for the platform namespace explicitly; Knative never autocreates claims', () => {
    const objects = ingressObjects([caseLookup], euManaged!);
    const claims = objects.filter((o) => o.kind === 'ClusterDomainClaim');
    expect(claims.map((c) => [c.metadata.name, c.metadata.namespace, c.spec])).toEqual([
      ['case-lookup.aalborg.hoi-region.example', undefined, { namespace: 'hoi-platform' }],
      ['case-lookup.hjoerring.hoi-region.example', undefined, { namespace: 'hoi-platform' }],
    ]);
    const network = (knativeServing(euManaged!).spec as { config: { network: Record<string, string> } })
      .config.network;
    expect(network['autocreate-cluster-domain-claims']).toBe('false');
  });

  it("takes a municipality's own TLS Secret name when the target gives one", () => {
    const [aalborg] = selfHosted!.municipalities;
    const target: Target = {
      ...selfHosted!,
      municipalities: [{ ...aalborg!, tlsSecret: 'aalborg-wildcard' }],
    };
    const mapping = ingressObjects([caseLookup], target).find((o) => o.kind === 'DomainMapping')!;
    expect((mapping.spec as { tls: unknown }).tls).toEqual({ secretName: 'aalborg-wildcard' });
  });

  it('exposes nothing for a cluster-local function (authz-sync), whose Service stays cluster-local', () => {
    expect(authzSync.exposure).toBe('cluster-local');
    expect(ingressObjects([authzSync], euManaged!)).toEqual([]);
    expect(knativeService(authzSync, euManaged!).metadata.labels).toMatchObject({
      'networking.knative.dev/visibility': 'cluster-local',
    });
  });

  it('leaves the gateway to the target: DomainMappings never make a load balancer (SOV-008)', () => {
    const kourier = (t: Target) =>
      (knativeServing(t).spec as { ingress: { kourier: Record<string, unknown> } }).ingress.kourier;
    expect(kourier(euManaged!)['service-type']).toBe('ClusterIP');
    expect(JSON.stringify(ingressObjects([caseLookup], euManaged!))).not.toMatch(/LoadBalancer/);
  });

  it('writes Terraform resource names without the dots of the host', () => {
    const stack = new TerraformStack(Testing.app(), 'ingress');
    new FunctionIngress(stack, 'ingress', { functions: [caseLookup], target: selfHosted! });
    const ids = Object.keys(JSON.parse(Testing.synth(stack)).resource.kubernetes_manifest);
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z_][\w-]*$/);
  });

  it('passes the models validators for every target', () => {
    for (const target of loadTargets())
      for (const object of ingressObjects([caseLookup], target)) validateObject(object);
  });
});

describe('ingress validation', () => {
  const [mapping] = ingressObjects([caseLookup], selfHosted!).filter((o) => o.kind === 'DomainMapping');
  const withSpec = (spec: Record<string, unknown>) => ({
    ...mapping!,
    spec: { ...(mapping!.spec as object), ...spec },
  });

  it('refuses a DomainMapping without TLS', () => {
    expect(() => validateObject(withSpec({ tls: undefined }))).toThrow(
      'DomainMapping/case-lookup.hoi.aalborg.example: spec.tls.secretName is required (no plain-HTTP host)',
    );
  });

  it('refuses a DomainMapping to a Service in another namespace', () => {
    const ref = {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      name: 'case-lookup',
      namespace: 'other',
    };
    expect(() => validateObject(withSpec({ ref }))).toThrow(
      "DomainMapping/case-lookup.hoi.aalborg.example: spec.ref.namespace must be the mapping's own namespace",
    );
  });

  it('refuses two municipalities of one target on the same domain, naming the field', () => {
    const [aalborg, hjoerring] = TARGETS['eu-managed']!.municipalities;
    const municipalities = [aalborg!, { ...hjoerring!, domain: aalborg!.domain }];
    expect(() => parseTarget('eu-managed', { ...TARGETS['eu-managed']!, municipalities })).toThrow(
      'targets/eu-managed: municipalities[1].domain must be unique',
    );
  });

  it('refuses a manifest exposure other than external or cluster-local, naming the field', () => {
    expect(() => parseManifest('functions/x/manifest.ts', { ...CASE_LOOKUP, exposure: 'public' })).toThrow(
      new ManifestError('functions/x/manifest.ts: exposure must be external or cluster-local'),
    );
  });
});
