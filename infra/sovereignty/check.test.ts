import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkOutput, checkStack, formatReport, type RuleId, type StackResult, targetOf } from './check.ts';
import { loadPolicy, type Policy, parsePolicy } from './policy.ts';
import { imageRepository } from './rules-supply.ts';
import { readStack } from './stack.ts';
import { imagesIn } from './walk.ts';

const root = join(import.meta.dirname, '../..');
const fixtures = join(import.meta.dirname, 'fixtures');
let policy: Policy;
beforeAll(async () => {
  policy = await loadPolicy(join(root, 'policies/sovereignty.yaml'));
});

const fixtureJson = (dir: string, stack = 'platform-self-hosted') =>
  JSON.parse(readFileSync(join(fixtures, dir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
const problems = (results: readonly StackResult[]) => results.flatMap((r) => r.violations);

describe('sovereignty check: the good stacks', () => {
  it('passes a cluster and a platform stack with typed resources, chart values, a collector and Knative config', async () => {
    const results = await checkOutput(join(fixtures, 'good'), policy);
    expect(results.map((r) => [r.stack, r.target, r.violations])).toEqual([
      ['cluster-self-hosted', 'self-hosted', []],
      ['platform-self-hosted', 'self-hosted', []],
    ]);
    expect(formatReport(results)).toContain('2 stack(s) checked, no violations');
  });

  it('sees what it passes: images in manifests, chart values and Knative ConfigMaps, typed objects, releases', () => {
    const platform = readStack('platform-self-hosted', fixtureJson('good'));
    expect(platform.objects.map((o) => o.kind).sort()).toEqual(
      [
        'Cluster',
        'ConfigMap',
        'Deployment',
        'HelmValues',
        'NetworkPolicy',
        'NetworkPolicy',
        'NetworkPolicy',
        'Service',
        'Service',
      ].sort(),
    );
    expect(platform.declared?.name).toBe('self-hosted');
    const cluster = readStack('cluster-self-hosted', fixtureJson('good', 'cluster-self-hosted'));
    expect(cluster.declared?.registries).toEqual(['registry.hoi.example/mirror']);
    expect(cluster.releases.map((r) => [r.chart, r.version])).toEqual([
      ['cloudnative-pg', '0.26.1'],
      ['raw', '2.0.0'],
    ]);
    const serving = cluster.objects.find((o) => o.kind === 'KnativeServing')!;
    expect(serving.address).toBe('helm_release.knative-serving: values[0].resources[0]');
    expect(imagesIn(serving.body).map((i) => i.path)).toEqual([
      'spec.registry.override.activator',
      'spec.registry.override.queue-proxy',
    ]);
  });
});

/** Each deliberately bad stack fires only its own rule, with these problems. */
const BAD: readonly { dir: string; rule: RuleId; problems: readonly RegExp[] }[] = [
  { dir: 'sov-000-unknown-target', rule: 'SOV-000', problems: [/neither hoi_target nor the directory name/] },
  {
    dir: 'sov-001-image-registry',
    rule: 'SOV-001',
    problems: [
      /target config declares ghcr\.io\/acme, an image registry only policies\/sovereignty\.yaml may allow/,
      /image docker\.io\/library\/nginx:1\.29@sha256:[0-9a-f]{64} comes from docker\.io, which is not on the allow-list for target self-hosted/,
      /nothing sets spec\.imageName or spec\.imageCatalogRef, so it pulls its built-in default from ghcr\.io\/cloudnative-pg\/postgresql/,
    ],
  },
  {
    dir: 'sov-002-image-digest',
    rule: 'SOV-002',
    problems: [/image registry\.hoi\.example\/mirror\/hoi-platform:0\.1\.0 is not pinned by digest/],
  },
  {
    dir: 'sov-003-chart-registry',
    rule: 'SOV-003',
    problems: [/chart https:\/\/charts\.bitnami\.com\/bitnami\/redis is not from an allowed repository/],
  },
  {
    dir: 'sov-004-chart-version',
    rule: 'SOV-004',
    problems: [/chart version "~0\.2" is not one exact version/],
  },
  {
    dir: 'sov-005-vendor-specific',
    rule: 'SOV-005',
    problems: [
      /uses the aws provider/,
      /annotations key eks\.amazonaws\.com\/role-arn is read only by one vendor's controllers/,
      /API group elbv2\.k8s\.aws exists only on one vendor's clusters/,
    ],
  },
  {
    dir: 'sov-006-open-egress',
    rule: 'SOV-006',
    problems: [
      /Job jobs\/report runs without a default-deny egress NetworkPolicy, so egress is open/,
      /egress rule without `to` allows every destination/,
      /ipBlock 0\.0\.0\.0\/0 allows every address/,
      /ipBlock ::\/0 allows every address/,
    ],
  },
  {
    dir: 'sov-007-telemetry-endpoint',
    rule: 'SOV-007',
    problems: [
      /endpoint https:\/\/otlp\.eu01\.nr-data\.net:4318 is outside the cluster and not listed for target self-hosted/,
      /exporter datadog sends to its vendor/,
    ],
  },
  {
    dir: 'sov-008-public-load-balancer',
    rule: 'SOV-008',
    problems: [/Service of type LoadBalancer asks the cloud for a public address/],
  },
];

describe('sovereignty check: each rule fires on its bad stack, and only that rule', () => {
  it.each(BAD)('$rule: $dir', async ({ dir, rule, problems: expected }) => {
    const violations = problems(await checkOutput(join(fixtures, 'bad', dir), policy));
    expect(violations.map((v) => v.rule)).toEqual(expected.map(() => rule));
    expect(violations.map((v) => v.problem)).toEqual(
      expected.map((pattern) => expect.stringMatching(pattern)),
    );
    for (const v of violations) expect(v.fix).not.toBe('');
  });

  it('covers every rule of the policy with a bad stack', () => {
    const ids = readFileSync(join(root, 'policies/sovereignty.yaml'), 'utf8').match(/^#\s+(SOV-\d{3})/gm);
    expect(BAD.map((b) => b.rule)).toEqual(ids?.map((line) => line.replace(/^#\s+/, '')));
  });

  it('reports grouped by stack and rule, with where and how to fix', async () => {
    const report = formatReport(await checkOutput(join(fixtures, 'bad', 'sov-006-open-egress'), policy));
    expect(report.split('\n').slice(0, 5)).toEqual([
      'stack platform-self-hosted (target self-hosted): 4 violations',
      '  SOV-006 no open egress',
      '    ✗ Namespace jobs: Job jobs/report runs without a default-deny egress NetworkPolicy, so egress is open',
      '      at  NetworkPolicies of namespace jobs',
      expect.stringMatching(
        /^ {6}fix add a NetworkPolicy in jobs with podSelector \{\} and policyTypes \[Egress\]/,
      ),
    ]);
    expect(report.split('\n').at(-1)).toBe('sovereignty: 4 violation(s) in 1 of 1 stack(s)');
  });
});

describe('sovereignty check: targets and their declared exceptions', () => {
  const withoutDeclaration = (dir: string) => {
    const json = fixtureJson(dir);
    delete json.output;
    return json;
  };

  it('SOV-008: eu-managed allows a public load balancer, self-hosted does not', () => {
    const json = withoutDeclaration('bad/sov-008-public-load-balancer');
    expect(checkStack(readStack('eu-managed-platform', json), policy).violations).toEqual([]);
    expect(checkStack(readStack('self-hosted-platform', json), policy).violations.map((v) => v.rule)).toEqual(
      ['SOV-008'],
    );
  });

  it('SOV-008: a LoadBalancer asked of an operator inside chart values is found too', () => {
    const json = {
      resource: {
        helm_release: {
          serving: {
            name: 'knative-serving',
            repository: 'oci://registry.scs.community/charts',
            chart: 'raw',
            version: '2.0.0',
            values: [
              JSON.stringify({
                resources: [
                  {
                    apiVersion: 'operator.knative.dev/v1beta1',
                    kind: 'KnativeServing',
                    metadata: { name: 'knative-serving' },
                    spec: { ingress: { kourier: { enabled: true, 'service-type': 'LoadBalancer' } } },
                  },
                ],
              }),
            ],
          },
        },
      },
    };
    const result = checkStack(readStack('local-cluster', json), policy);
    expect(result.violations.map((v) => [v.rule, v.subject, v.where])).toEqual([
      [
        'SOV-008',
        'KnativeServing knative-serving',
        'helm_release.serving: values[0].resources[0]: spec.ingress.kourier.service-type',
      ],
    ]);
  });

  it('SOV-001: the local target may pull from upstream registries, a real target may not', () => {
    const json = withoutDeclaration('bad/sov-001-image-registry');
    expect(checkStack(readStack('local-platform', json), policy).violations).toEqual([]);
    expect(checkStack(readStack('eu-managed-platform', json), policy).violations.map((v) => v.rule)).toEqual([
      'SOV-001',
      'SOV-001',
    ]);
  });

  it('SOV-003: a target config may declare a chart repository the policy permits it, never a github.io one otherwise', () => {
    const json = { locals: { hoi_target: { charts: ['https://cloudnative-pg.github.io/charts'] } } };
    expect(checkStack(readStack('local-cluster', json), policy).violations).toEqual([]);
    expect(
      checkStack(readStack('self-hosted-cluster', json), policy).violations.map((v) => [v.rule, v.problem]),
    ).toEqual([
      [
        'SOV-003',
        'the target config declares https://cloudnative-pg.github.io/charts, a chart repository only policies/sovereignty.yaml may allow',
      ],
    ]);
  });

  it('SOV-001: a chart or operator that would pull its built-in image is found, matched by chart name or kind and group', () => {
    const json = {
      locals: { hoi_target: { charts: ['oci://registry.hoi.example/charts'] } },
      resource: {
        helm_release: {
          cnpg: {
            name: 'cnpg',
            repository: 'oci://registry.hoi.example/charts',
            chart: 'cloudnative-pg',
            version: '0.26.1',
          },
        },
        kubernetes_manifest: {
          capi: {
            manifest: { apiVersion: 'cluster.x-k8s.io/v1beta1', kind: 'Cluster', metadata: { name: 'capi' } },
          },
        },
      },
    };
    expect(
      checkStack(readStack('self-hosted-cluster', json), policy).violations.map((v) => [
        v.rule,
        v.subject,
        v.problem,
      ]),
    ).toEqual([
      [
        'SOV-001',
        'HelmValues cnpg',
        'nothing sets image.repository, so it pulls its built-in default from ghcr.io/cloudnative-pg/cloudnative-pg',
      ],
    ]);
  });

  it('SOV-007: an endpoint outside the cluster passes once the target lists it', () => {
    const json = fixtureJson('bad/sov-007-telemetry-endpoint');
    json.output.hoi_target.value.telemetryEndpoints = ['https://otlp.eu01.nr-data.net'];
    expect(
      checkStack(readStack('platform-self-hosted', json), policy).violations.map((v) => v.problem),
    ).toEqual([expect.stringMatching(/exporter datadog/)]);
  });

  it("SOV-006: a typed default-deny policy closes a typed Deployment's namespace", () => {
    const image = `registry.hoi.example/mirror/hoi-platform:0.1.0@sha256:${'a'.repeat(64)}`;
    const deployment = {
      fn: {
        metadata: { name: 'fn', namespace: 'hoi-platform' },
        spec: { template: { spec: { container: [{ name: 'fn', image }] } } },
      },
    };
    const stack = (resource: object) =>
      readStack('platform-self-hosted', {
        output: { hoi_target: { value: { registries: ['registry.hoi.example/mirror'] } } },
        resource,
      });
    const denyAll = {
      'default-deny': {
        metadata: [{ name: 'default-deny', namespace: 'hoi-platform' }],
        spec: [{ pod_selector: [{}], policy_types: ['Ingress', 'Egress'] }],
      },
    };
    expect(
      checkStack(stack({ kubernetes_deployment_v1: deployment }), policy).violations.map((v) => v.problem),
    ).toEqual([
      'Deployment hoi-platform/fn runs without a default-deny egress NetworkPolicy, so egress is open',
    ]);
    const closed = stack({ kubernetes_deployment_v1: deployment, kubernetes_network_policy_v1: denyAll });
    expect(checkStack(closed, policy).violations).toEqual([]);
  });

  it('SOV-007: a tracing endpoint set through the Knative operator is checked like its ConfigMap', () => {
    const serving = (endpoint: string) => ({
      resource: {
        kubernetes_manifest: {
          serving: {
            manifest: {
              apiVersion: 'operator.knative.dev/v1beta1',
              kind: 'KnativeServing',
              metadata: { name: 'knative-serving', namespace: 'knative-serving' },
              spec: {
                registry: { override: {} },
                config: { tracing: { backend: 'zipkin', 'zipkin-endpoint': endpoint } },
              },
            },
          },
        },
      },
    });
    const check = (endpoint: string) =>
      checkStack(readStack('local-cluster', serving(endpoint)), policy).violations.map((v) => [
        v.rule,
        v.where,
      ]);
    expect(check('http://otel-collector.hoi-platform.svc:9411/api/v2/spans')).toEqual([]);
    expect(check('https://trace.example.com/api/v2/spans')).toEqual([
      ['SOV-007', 'kubernetes_manifest.serving: spec.config.tracing.zipkin-endpoint'],
    ]);
  });

  it('SOV-000: names the target from hoi_target first, else from the directory name', () => {
    const named = (name: string, json: object = {}) => targetOf(readStack(name, json), policy).name;
    expect(named('eu-managed-platform')).toBe('eu-managed');
    expect(named('self-hosted-cluster')).toBe('self-hosted');
    expect(named('cluster-local')).toBe('local');
    expect(named('locality-cluster')).toBeUndefined();
    expect(named('platform', { output: { hoi_target: { value: { name: 'eu-managed' } } } })).toBe(
      'eu-managed',
    );
    expect(named('platform', { locals: { hoi_target: JSON.stringify({ name: 'local' }) } })).toBe('local');
    const unknown = targetOf(
      readStack('local-platform', { locals: { hoi_target: { name: 'mars' } } }),
      policy,
    );
    expect(unknown).toEqual({
      name: undefined,
      problem: expect.stringMatching(/target "mars", which policies/),
    });
  });

  it('refuses a hoi_target of the wrong shape, naming the field', () => {
    expect(() => readStack('p', { output: { hoi_target: { value: { registries: 'docker.io' } } } })).toThrow(
      /stack p: hoi_target\.registries:/,
    );
  });
});

describe('sovereignty policy and references', () => {
  it('a bad policy field stops the check naming the field', () => {
    expect(() =>
      parsePolicy({ ...policy, targets: { local: { allowPublicLoadBalancer: 'yes' } } }, 'p.yaml'),
    ).toThrow(/^p\.yaml: targets\.local\.allowPublicLoadBalancer:/);
    expect(() =>
      parsePolicy({ ...policy, telemetry: { ...policy.telemetry, endpoints: [] } }, 'p.yaml'),
    ).toThrow(/^p\.yaml: telemetry:/);
  });

  it('reads image references the way a container runtime does', () => {
    expect(imageRepository('node:24-slim')).toEqual({
      host: 'docker.io',
      repository: 'docker.io/library/node',
    });
    expect(imageRepository('bitnami/redis@sha256:ab')).toEqual({
      host: 'docker.io',
      repository: 'docker.io/bitnami/redis',
    });
    expect(imageRepository('localhost:5001/hoi:1@sha256:ab')).toEqual({
      host: 'localhost:5001',
      repository: 'localhost:5001/hoi',
    });
    expect(imageRepository('registry.k8s.io/pause:3.10')).toEqual({
      host: 'registry.k8s.io',
      repository: 'registry.k8s.io/pause',
    });
  });
});
