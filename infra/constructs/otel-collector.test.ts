import { describe, expect, it } from 'vitest';
import { loadTargets } from '../targets/index.ts';
import { collectorConfig, otelCollector } from './otel-collector.ts';

const [selfHosted] = loadTargets(['self-hosted']);

describe('otelCollector', () => {
  it('receives OTLP and, by default, exports nowhere outside the cluster', () => {
    const config = collectorConfig(selfHosted!) as {
      exporters: Record<string, unknown>;
      service: { pipelines: Record<string, { exporters: string[] }> };
    };
    expect(config.exporters).toEqual({ debug: { verbosity: 'basic' } });
    expect(Object.keys(config.service.pipelines)).toEqual(['traces', 'metrics', 'logs']);
    for (const pipeline of Object.values(config.service.pipelines))
      expect(pipeline.exporters).toEqual(['debug']);
  });

  it('exports only to the endpoints the target names', () => {
    const target = {
      ...selfHosted!,
      telemetry: [
        { name: 'soc', endpoint: 'https://otlp.soc.example', cidrs: ['192.0.2.128/28'], port: 4318 },
      ],
    };
    const config = collectorConfig(target) as { exporters: Record<string, unknown> };
    expect(config.exporters).toEqual({ 'otlphttp/soc': { endpoint: 'https://otlp.soc.example' } });
  });

  it('reads its configuration from a ConfigMap and serves OTLP on 4317/4318 inside the cluster', () => {
    const [configMap, deployment, service] = otelCollector(selfHosted!);
    expect(JSON.parse((configMap!.data as Record<string, string>)['config.yaml']!)).toEqual(
      collectorConfig(selfHosted!),
    );
    expect(JSON.stringify(deployment!.spec)).toContain('"--config=/etc/otelcol/config.yaml"');
    expect(service!.spec).toMatchObject({ type: 'ClusterIP', ports: [{ port: 4317 }, { port: 4318 }] });
  });
});
