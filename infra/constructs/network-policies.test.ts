import { describe, expect, it } from 'vitest';
import { loadTargets } from '../targets/index.ts';
import { networkPolicies } from './network-policies.ts';
import { validateObject } from './testing/validate-objects.ts';

const [selfHosted] = loadTargets(['self-hosted']);
type Spec = {
  podSelector: unknown;
  policyTypes: string[];
  egress?: { to?: { ipBlock?: { cidr: string } }[]; ports?: { port: number }[] }[];
  ingress?: unknown[];
};
const byName = (target = selfHosted!) =>
  Object.fromEntries(networkPolicies(target).map((p) => [p.metadata.name, p.spec as Spec]));

describe('networkPolicies', () => {
  it('denies all ingress and egress of every pod in the platform namespace by default', () => {
    expect(byName()['default-deny']).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(networkPolicies(selfHosted!).every((p) => p.metadata.namespace === 'hoi-platform')).toBe(true);
  });

  it('allows DNS only to kube-dns on port 53', () => {
    expect(byName()['allow-dns']!.egress).toEqual([
      {
        to: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
            podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
          },
        ],
        ports: [
          { protocol: 'UDP', port: 53 },
          { protocol: 'TCP', port: 53 },
        ],
      },
    ]);
  });

  it("allows the platform's own parts to reach each other, and Knative's data path both ways", () => {
    const policies = byName();
    expect(policies['allow-platform-internal']).toMatchObject({
      ingress: [{ from: [{ podSelector: {} }] }],
      egress: [{ to: [{ podSelector: {} }] }],
    });
    const knative = [
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'knative-serving' } } },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'knative-eventing' } } },
    ];
    expect(policies['allow-knative-data-path']!.ingress).toEqual([{ from: knative }]);
    expect(policies['allow-knative-data-path']!.egress).toEqual([{ to: knative }]);
  });

  it("lets the scheduled calls' pods reach only Kourier's internal gateway (besides DNS)", () => {
    const policies = byName();
    expect(policies['allow-scheduled-calls']).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/component': 'scheduled-call' } },
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'knative-serving' } },
              podSelector: { matchLabels: { app: '3scale-kourier-gateway' } },
            },
          ],
          ports: [{ protocol: 'TCP', port: 8081 }],
        },
      ],
    });
    // The broad allowances leave them out; DNS (every pod) keeps them in.
    const allButCalls = {
      matchExpressions: [
        { key: 'app.kubernetes.io/component', operator: 'NotIn', values: ['scheduled-call'] },
      ],
    };
    expect(policies['allow-platform-internal']!.podSelector).toEqual(allButCalls);
    expect(policies['allow-knative-data-path']!.podSelector).toEqual(allButCalls);
    expect(policies['allow-dns']!.podSelector).toEqual({});
  });

  it('lets only the OpenFGA bootstrap pods reach the API server (they publish the store ids)', () => {
    expect(byName()['allow-openfga-bootstrap-api-server']).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/component': 'openfga-bootstrap' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '192.0.2.96/28' } }], ports: [{ protocol: 'TCP', port: 6443 }] }],
    });
  });

  it('allows egress only to the CIDRs and ports of the upstreams the target lists', () => {
    const upstreams = networkPolicies(selfHosted!)
      .filter((p) => p.metadata.name.startsWith('egress-'))
      .flatMap((p) =>
        ((p.spec as Spec).egress ?? []).flatMap((rule) =>
          (rule.to ?? []).map((peer) => `${peer.ipBlock!.cidr}:${rule.ports![0]!.port}`),
        ),
      );
    expect(upstreams).toEqual(['192.0.2.0/28:443', '198.51.100.0/28:443', '203.0.113.0/28:443']);
    expect(byName()['egress-nsp']!.egress![0]!.to).toEqual([{ ipBlock: { cidr: '198.51.100.0/28' } }]);
    // Only the functions' pods, not OpenFGA, the databases or the collector.
    expect(byName()['egress-nsp']!.podSelector).toEqual({
      matchLabels: { 'app.kubernetes.io/component': 'function' },
    });
  });

  it('lets only the database pods reach the API server and the backup storage, and its operator reach them', () => {
    const database = byName()['allow-database-operations']!;
    expect(database.podSelector).toEqual({
      matchExpressions: [{ key: 'cnpg.io/cluster', operator: 'Exists' }],
    });
    expect(database.egress).toEqual([
      { to: [{ ipBlock: { cidr: '192.0.2.96/28' } }], ports: [{ protocol: 'TCP', port: 6443 }] },
      { to: [{ ipBlock: { cidr: '192.0.2.64/28' } }], ports: [{ protocol: 'TCP', port: 443 }] },
    ]);
    expect(database.ingress).toEqual([
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'cnpg-system' } } }],
        ports: [
          { protocol: 'TCP', port: 8000 },
          { protocol: 'TCP', port: 5432 },
        ],
      },
    ]);
  });

  it('opens no egress to an upstream when the target lists none (local)', () => {
    const [local] = loadTargets(['local']);
    expect(Object.keys(byName(local))).toEqual([
      'default-deny',
      'allow-dns',
      'allow-platform-internal',
      'allow-knative-data-path',
      'allow-scheduled-calls',
      'allow-openfga-bootstrap-api-server',
      'allow-database-operations',
    ]);
  });

  it('lets telemetry out only to the exporters a target names', () => {
    const withExporter = {
      ...selfHosted!,
      telemetry: [
        { name: 'soc', endpoint: 'https://otlp.soc.example', cidrs: ['192.0.2.128/28'], port: 4318 },
      ],
    };
    expect(byName(withExporter)['egress-telemetry-soc']!.podSelector).toEqual({
      matchLabels: { 'app.kubernetes.io/name': 'otel-collector' },
    });
    expect(byName(withExporter)['egress-telemetry-soc']!.egress).toEqual([
      { to: [{ ipBlock: { cidr: '192.0.2.128/28' } }], ports: [{ protocol: 'TCP', port: 4318 }] },
    ]);
  });

  it('passes the NetworkPolicy model validator for every target', () => {
    for (const target of loadTargets()) for (const p of networkPolicies(target)) validateObject(p);
  });
});
