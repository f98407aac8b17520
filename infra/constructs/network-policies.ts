import type { Target } from '../targets/schema.ts';
import type { KubernetesObject } from './knative-service.ts';
import { COLLECTOR_LABEL } from './otel-collector.ts';
import {
  ALL_BUT_SCHEDULED_CALLS,
  BOOTSTRAP_LABEL,
  FUNCTION_LABEL,
  SCHEDULED_CALL_LABEL,
} from './pod-security.ts';

const nsSelector = (name: string) => ({
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } },
});

/** Kourier's gateway pods and the port the cluster-local Service `kourier-internal` sends to. */
const KOURIER_GATEWAY = { app: '3scale-kourier-gateway' };
const KOURIER_INTERNAL_PORT = 8081;

/**
 * The platform namespace's NetworkPolicies: deny everything in and out, then allow DNS,
 * the platform's own parts talking to each other, Knative's data path, the database's
 * operator, API server and backup storage, telemetry out to the exporters the target
 * lists, and egress to each upstream endpoint the target lists by CIDR and port. The
 * scheduled calls' pods get DNS and Knative's gateway only: the broad in-namespace and
 * Knative allowances leave them out.
 */
export function networkPolicies(target: Target): KubernetesObject[] {
  const namespace = target.namespaces.platform;
  const policy = (name: string, spec: Record<string, unknown>): KubernetesObject => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace, labels: { 'app.kubernetes.io/part-of': 'hoi-platform' } },
    spec: { podSelector: {}, ...spec },
  });
  const external = (
    name: string,
    pods: Record<string, string>,
    cidrs: readonly string[],
    ports: readonly number[],
  ) =>
    policy(`egress-${name}`, {
      podSelector: { matchLabels: pods },
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
      podSelector: ALL_BUT_SCHEDULED_CALLS,
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: {} }] }],
      egress: [{ to: [{ podSelector: {} }] }],
    }),
    // Requests come in through the activator and the Kourier gateway (Knative Serving's
    // namespace) and events through the Broker (Knative Eventing's); functions send events
    // and call each other the same way.
    policy('allow-knative-data-path', {
      podSelector: ALL_BUT_SCHEDULED_CALLS,
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        {
          from: [nsSelector(target.namespaces.knativeServing), nsSelector(target.namespaces.knativeEventing)],
        },
      ],
      egress: [
        { to: [nsSelector(target.namespaces.knativeServing), nsSelector(target.namespaces.knativeEventing)] },
      ],
    }),
    // A function's cluster-local URL is Kourier's internal gateway, which routes to the
    // function (or the activator while it is scaled to zero): nothing else is needed.
    policy('allow-scheduled-calls', {
      podSelector: { matchLabels: { ...SCHEDULED_CALL_LABEL } },
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            {
              ...nsSelector(target.namespaces.knativeServing),
              podSelector: { matchLabels: KOURIER_GATEWAY },
            },
          ],
          ports: [{ protocol: 'TCP', port: KOURIER_INTERNAL_PORT }],
        },
      ],
    }),
    // The OpenFGA bootstrap Job publishes the store's ids through the API server.
    policy('allow-openfga-bootstrap-api-server', {
      podSelector: { matchLabels: { ...BOOTSTRAP_LABEL } },
      policyTypes: ['Egress'],
      egress: [
        {
          to: target.apiServer.cidrs.map((cidr) => ({ ipBlock: { cidr } })),
          ports: [{ protocol: 'TCP', port: target.apiServer.port }],
        },
      ],
    }),
    // CloudNativePG's instances answer its operator, talk to the API server and ship
    // base backups and WAL to the target's storage.
    {
      ...policy('allow-database-operations', {}),
      spec: {
        podSelector: { matchExpressions: [{ key: 'cnpg.io/cluster', operator: 'Exists' }] },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [nsSelector(target.namespaces.cnpg)],
            ports: [
              { protocol: 'TCP', port: 8000 },
              { protocol: 'TCP', port: 5432 },
            ],
          },
        ],
        egress: [
          {
            to: target.apiServer.cidrs.map((cidr) => ({ ipBlock: { cidr } })),
            ports: [{ protocol: 'TCP', port: target.apiServer.port }],
          },
          {
            to: target.backup.cidrs.map((cidr) => ({ ipBlock: { cidr } })),
            ports: [{ protocol: 'TCP', port: target.backup.port }],
          },
        ],
      },
    },
    // Only the functions call upstreams, and only the collector exports telemetry.
    ...target.egress.map((endpoint) =>
      external(endpoint.name, FUNCTION_LABEL, endpoint.cidrs, endpoint.ports),
    ),
    ...target.telemetry.map((exporter) =>
      external(`telemetry-${exporter.name}`, COLLECTOR_LABEL, exporter.cidrs, [exporter.port]),
    ),
  ];
}
