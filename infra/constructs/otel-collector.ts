import type { Target } from '../targets/schema.ts';
import type { KubernetesObject } from './knative-service.ts';
import { PART_OF, pinnedImage, RESTRICTED_CONTAINER, RESTRICTED_POD } from './pod-security.ts';

/**
 * The collector's configuration: OTLP in from the functions; out only to the exporters
 * the target names. With none (the default) telemetry stays in the cluster: the `debug`
 * exporter at `basic` verbosity logs counts, never attributes.
 */
export function collectorConfig(target: Target): Record<string, unknown> {
  const exporters: Record<string, unknown> = Object.fromEntries(
    target.telemetry.map((e) => [`otlphttp/${e.name}`, { endpoint: e.endpoint }]),
  );
  if (target.telemetry.length === 0) exporters.debug = { verbosity: 'basic' };
  const pipeline = {
    receivers: ['otlp'],
    processors: ['memory_limiter', 'batch'],
    exporters: Object.keys(exporters),
  };
  return {
    receivers: {
      otlp: { protocols: { grpc: { endpoint: '0.0.0.0:4317' }, http: { endpoint: '0.0.0.0:4318' } } },
    },
    processors: { memory_limiter: { check_interval: '1s', limit_percentage: 80 }, batch: {} },
    exporters,
    service: { pipelines: { traces: pipeline, metrics: pipeline, logs: pipeline } },
  };
}

export const COLLECTOR_LABEL = { 'app.kubernetes.io/name': 'otel-collector' } as const;

export function otelCollector(target: Target): KubernetesObject[] {
  const namespace = target.namespaces.platform;
  const labels = { ...COLLECTOR_LABEL, ...PART_OF };
  return [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'otel-collector', namespace, labels },
      data: { 'config.yaml': JSON.stringify(collectorConfig(target), null, 2) },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'otel-collector', namespace, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: { 'app.kubernetes.io/name': 'otel-collector' } },
        template: {
          metadata: { labels },
          spec: {
            ...RESTRICTED_POD,
            securityContext: { ...RESTRICTED_POD.securityContext, runAsUser: 10001 },
            containers: [
              {
                name: 'otel-collector',
                image: pinnedImage(target.images.otelCollector),
                args: ['--config=/etc/otelcol/config.yaml'],
                ports: [
                  { name: 'otlp-grpc', containerPort: 4317 },
                  { name: 'otlp-http', containerPort: 4318 },
                ],
                volumeMounts: [{ name: 'config', mountPath: '/etc/otelcol', readOnly: true }],
                resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
                securityContext: RESTRICTED_CONTAINER,
              },
            ],
            volumes: [{ name: 'config', configMap: { name: 'otel-collector' } }],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'otel-collector', namespace, labels },
      spec: {
        type: 'ClusterIP',
        selector: { 'app.kubernetes.io/name': 'otel-collector' },
        ports: [
          { name: 'otlp-grpc', port: 4317, targetPort: 'otlp-grpc' },
          { name: 'otlp-http', port: 4318, targetPort: 'otlp-http' },
        ],
      },
    },
  ];
}
