import type { Target } from '../targets/schema.ts';
import type { KubernetesObject } from './knative-service.ts';

const nsSelector = (name: string) => ({
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } },
});

/**
 * The platform namespace's NetworkPolicies: deny everything in and out, then allow DNS,
 * the platform's own parts talking to each other, Knative's data path in (activator and
 * ingress), telemetry out to the exporters the target lists, and egress to each upstream
 * endpoint the target lists by CIDR and port — nothing else.
 */
export function networkPolicies(target: Target): KubernetesObject[] {
  const namespace = target.namespaces.platform;
  const policy = (name: string, spec: Record<string, unknown>): KubernetesObject => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace, labels: { 'app.kubernetes.io/part-of': 'hoi-platform' } },
    spec: { podSelector: {}, ...spec },
  });
  const external = (name: string, cidrs: readonly string[], ports: readonly number[]) =>
    policy(`egress-${name}`, {
      policyTypes: ['Egress'],
      egress: [
        {
          to: cidrs.map((cidr) => ({ ipBlock: { cidr } })),
          ports: ports.map((port) => ({ protocol: 'TCP', port })),
        },
      ],
    });
  return [
    policy('default-deny', { policyTypes: ['Ingress', 'Egress'] }),
    policy('allow-dns', {
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ ...nsSelector('kube-system'), podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    }),
    policy('allow-platform-internal', {
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: {} }] }],
      egress: [{ to: [{ podSelector: {} }] }],
    }),
    policy('allow-knative-data-path', {
      policyTypes: ['Ingress'],
      // The operator runs the activator and the Kourier gateway in Knative Serving's namespace.
      ingress: [{ from: [nsSelector(target.namespaces.knativeServing)] }],
    }),
    ...target.egress.map((endpoint) => external(endpoint.name, endpoint.cidrs, endpoint.ports)),
    ...target.telemetry.map((exporter) =>
      external(`telemetry-${exporter.name}`, exporter.cidrs, [exporter.port]),
    ),
  ];
}
