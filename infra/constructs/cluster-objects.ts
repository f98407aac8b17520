import type { Target } from '../targets/schema.ts';
import type { KubernetesObject } from './knative-service.ts';

/** Pod Security Admission at `restricted`, enforced and also warned/audited. */
export const RESTRICTED_LABELS = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/enforce-version': 'latest',
  'pod-security.kubernetes.io/warn': 'restricted',
  'pod-security.kubernetes.io/audit': 'restricted',
} as const;

export function namespaces(target: Target): KubernetesObject[] {
  const names = [...new Set(Object.values(target.namespaces))];
  return names.map((name) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { ...RESTRICTED_LABELS, 'app.kubernetes.io/part-of': 'hoi-platform' } },
  }));
}

/**
 * Knative Serving as the operator installs it: secure pod defaults on, scale to zero on,
 * Kourier as ingress, and its gateway a ClusterIP Service unless the target allows a
 * public load balancer.
 */
export function knativeServing(target: Target): KubernetesObject {
  return {
    apiVersion: 'operator.knative.dev/v1beta1',
    kind: 'KnativeServing',
    metadata: { name: 'knative-serving', namespace: target.namespaces.knativeServing },
    spec: {
      config: {
        // emptyDir: the functions' writable /tmp under a read-only root file system.
        features: { 'secure-pod-defaults': 'enabled', 'kubernetes.podspec-emptydir': 'enabled' },
        autoscaler: { 'enable-scale-to-zero': 'true' },
        network: {
          'ingress-class': 'kourier.ingress.networking.knative.dev',
          // Only the platform stack's explicit ClusterDomainClaims give out hosts (constructs/ingress.ts).
          'autocreate-cluster-domain-claims': 'false',
        },
      },
      ingress: {
        kourier: { enabled: true, 'service-type': target.publicLoadBalancer ? 'LoadBalancer' : 'ClusterIP' },
      },
      ...registryOverride(target.knativeImages.serving),
    },
  };
}

export function knativeEventing(target: Target): KubernetesObject {
  return {
    apiVersion: 'operator.knative.dev/v1beta1',
    kind: 'KnativeEventing',
    metadata: { name: 'knative-eventing', namespace: target.namespaces.knativeEventing },
    spec: { ...registryOverride(target.knativeImages.eventing) },
  };
}

function registryOverride(images: Readonly<Record<string, string>>) {
  return Object.keys(images).length > 0 ? { registry: { override: { ...images } } } : {};
}
