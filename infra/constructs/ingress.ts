import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest/index.js';
import { Construct } from 'constructs';
import type { Target } from '../targets/schema.ts';
import type { FunctionManifest } from './function-manifest.ts';
import type { KubernetesObject } from './knative-service.ts';
import { PART_OF } from './pod-security.ts';

/** `<function>.<municipality domain>`: the host callers outside the cluster use. */
export function functionHost(fn: FunctionManifest, domain: string): string {
  return `${fn.name}.${domain}`;
}

/** The TLS Secret of a municipality's domain: its own, or `<code>-tls`. */
export function tlsSecretName(municipality: Target['municipalities'][number]): string {
  return municipality.tlsSecret ?? `${municipality.code}-tls`;
}

/**
 * For every function whose manifest says `exposure: 'external'`, one DomainMapping per
 * municipality (`case-lookup.<domain>` → the case-lookup Knative Service) and the
 * ClusterDomainClaim that lets the platform namespace own that host.
 *
 * Claims are explicit rather than Knative's `autocreate-cluster-domain-claims`: with
 * autocreation any namespace's DomainMapping takes a host first come, first served; here
 * only this stack claims a municipality's hosts, and a claim held elsewhere fails the apply.
 *
 * TLS ends at Knative's gateway with each municipality's own certificate Secret. Knative's
 * `external-domain-tls` stays off (its default): it needs cert-manager and a public ACME
 * challenge, while municipalities issue certificates from their own CA or ACME process.
 * Whether the gateway is reachable from outside stays with the target's
 * `publicLoadBalancer` (policies/sovereignty.yaml SOV-008), never with these objects.
 */
export function ingressObjects(functions: readonly FunctionManifest[], target: Target): KubernetesObject[] {
  const namespace = target.namespaces.platform;
  const external = functions.filter((fn) => fn.exposure === 'external');
  return target.municipalities.flatMap((municipality) =>
    external.flatMap((fn) => {
      const host = functionHost(fn, municipality.domain);
      const labels = { ...PART_OF, 'app.kubernetes.io/name': fn.name };
      return [
        {
          apiVersion: 'networking.internal.knative.dev/v1alpha1',
          kind: 'ClusterDomainClaim',
          metadata: { name: host, labels },
          spec: { namespace },
        },
        {
          apiVersion: 'serving.knative.dev/v1beta1',
          kind: 'DomainMapping',
          metadata: { name: host, namespace, labels },
          spec: {
            ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: fn.name, namespace },
            tls: { secretName: tlsSecretName(municipality) },
          },
        },
      ];
    }),
  );
}

export interface FunctionIngressProps {
  readonly functions: readonly FunctionManifest[];
  readonly target: Target;
}

/** The ingress objects as `kubernetes_manifest`s (custom resources of Knative Serving). */
export class FunctionIngress extends Construct {
  readonly objects: KubernetesObject[];

  constructor(scope: Construct, id: string, props: FunctionIngressProps) {
    super(scope, id);
    this.objects = ingressObjects(props.functions, props.target);
    for (const object of this.objects) {
      // Terraform names allow no dots: the host's dots become dashes.
      const name = `${object.kind}-${object.metadata.name}`.toLowerCase().replaceAll('.', '-');
      new Manifest(this, name, { manifest: object });
    }
  }
}
