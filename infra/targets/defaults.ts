import type { TargetInput } from './schema.ts';

/**
 * What targets share unless they say otherwise: namespace names and the pinned chart
 * versions (a target on an air-gapped network points `repository` at its own mirror and
 * keeps the version).
 */
export const DEFAULT_NAMESPACES: TargetInput['namespaces'] = {
  platform: 'hoi-platform',
  knativeOperator: 'knative-operator',
  knativeServing: 'knative-serving',
  knativeEventing: 'knative-eventing',
  cnpg: 'cnpg-system',
};

export const DEFAULT_CHARTS: TargetInput['charts'] = {
  knativeOperator: {
    repository: 'https://knative.github.io/operator',
    chart: 'knative-operator',
    version: 'v1.18.1',
  },
  cloudnativePg: {
    repository: 'https://cloudnative-pg.github.io/charts',
    chart: 'cloudnative-pg',
    version: '0.26.0',
  },
  raw: { repository: 'https://bedag.github.io/helm-charts', chart: 'raw', version: '2.0.0' },
};

/** The same charts and versions from a target's own OCI chart mirror. */
export function mirroredCharts(repository: string): TargetInput['charts'] {
  return {
    knativeOperator: { ...DEFAULT_CHARTS.knativeOperator, repository },
    cloudnativePg: { ...DEFAULT_CHARTS.cloudnativePg, repository },
    raw: { ...DEFAULT_CHARTS.raw, repository },
  };
}

/**
 * Upstream releases, mirrored by each target into its own registry. The digests are
 * placeholders until the images are mirrored: a target replaces them with its mirror's.
 */
export const DEFAULT_IMAGES: TargetInput['images'] = {
  // The same release CI tests against (.ci/versions.env, checked by a test).
  openfga: {
    registry: 'docker.io',
    repository: 'openfga/openfga',
    version: 'v1.22.1',
    digest: 'sha256:3333333333333333333333333333333333333333333333333333333333333333',
  },
  otelCollector: {
    registry: 'docker.io',
    repository: 'otel/opentelemetry-collector',
    version: '0.140.0',
    digest: 'sha256:4444444444444444444444444444444444444444444444444444444444444444',
  },
  // The operator the cloudnative-pg chart installs, set so it is never the chart's default.
  cnpgOperator: {
    registry: 'ghcr.io',
    repository: 'cloudnative-pg/cloudnative-pg',
    version: '1.27.0',
    digest: 'sha256:6666666666666666666666666666666666666666666666666666666666666666',
  },
  // CloudNativePG's PostgreSQL operand image, set explicitly so it is never the operator's default.
  postgres: {
    registry: 'ghcr.io',
    repository: 'cloudnative-pg/postgresql',
    version: '17.6.0',
    digest: 'sha256:5555555555555555555555555555555555555555555555555555555555555555',
  },
};

/** The same images from a target's own registry mirror. */
export function mirroredImages(registry: string): TargetInput['images'] {
  return {
    openfga: { ...DEFAULT_IMAGES.openfga, registry },
    otelCollector: { ...DEFAULT_IMAGES.otelCollector, registry },
    postgres: { ...DEFAULT_IMAGES.postgres, registry },
    cnpgOperator: { ...DEFAULT_IMAGES.cnpgOperator, registry },
  };
}

/** Knative's images by the operator's container names, as `spec.registry.override` takes them. */
const KNATIVE_SERVING_IMAGES = [
  'activator',
  'autoscaler',
  'controller',
  'webhook',
  'queue-proxy',
  'net-kourier-controller',
];
const KNATIVE_EVENTING_IMAGES = [
  'eventing-controller',
  'eventing-webhook',
  'imc-controller',
  'imc-dispatcher',
  'mt-broker-controller',
  'mt-broker-filter',
  'mt-broker-ingress',
  'pingsource-mt-adapter',
];

/**
 * Knative's images from a target's own mirror, pinned by digest. The digests
 * here are placeholders, like the other sample digests: a target writes those
 * of the images it mirrored.
 */
export function mirroredKnativeImages(registry: string): NonNullable<TargetInput['knativeImages']> {
  const pin = (names: readonly string[], product: string) =>
    Object.fromEntries(
      names.map((name, i) => [
        name,
        `${registry}/knative/${product}/${name}@sha256:${(i + 10).toString(16).padStart(2, '0').repeat(32)}`,
      ]),
    );
  return {
    serving: pin(KNATIVE_SERVING_IMAGES, 'serving'),
    eventing: pin(KNATIVE_EVENTING_IMAGES, 'eventing'),
  };
}

/**
 * The share of requests that start a trace (OpenTelemetry's parent-based ratio
 * sampler): a request that arrives with a sampled W3C trace context is traced
 * whatever the ratio, so a trace is whole or absent across functions. Metrics are
 * not sampled (every request counts in `hoi.request.duration`), and the audit log
 * is no telemetry: every access is in it. Tracing every request costs some 25% more
 * CPU per request on the production path (`npm run bench`, the telemetry rows); a
 * target sets `OTEL_TRACES_SAMPLER_ARG` in its `env` to trace more or fewer.
 */
export const TRACE_SAMPLE_RATIO = 0.1;

/** The functions reach OpenFGA, the audit database and the collector inside the platform namespace. */
export function inClusterEnv(namespace: string): Record<string, string> {
  return {
    AUTHZ_MODE: 'openfga',
    // Each function decides from its copy of the store while the copy is fresh (POL-002.6), the
    // server otherwise: a production lookup's authorization then costs what the embedded one does.
    AUTHZ_REPLICA: 'on',
    FGA_API_URL: `http://openfga.${namespace}.svc.cluster.local:8080`,
    DATABASE_URL: `postgres://app@audit-db-rw.${namespace}.svc.cluster.local:5432/app`,
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://otel-collector.${namespace}.svc.cluster.local:4318`,
    OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
    OTEL_TRACES_SAMPLER_ARG: String(TRACE_SAMPLE_RATIO),
    // The portal calls the other functions at their cluster-local Knative addresses.
    PORTAL_FUNCTION_URL_TEMPLATE: `http://{function}.${namespace}.svc.cluster.local`,
  };
}

/** The sandbox's cluster-local Knative address: it serves every upstream contract on one base. */
export function sandboxUrl(namespace: string): string {
  return `http://sandbox.${namespace}.svc.cluster.local`;
}
