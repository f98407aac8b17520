import { describe, expect, it } from 'vitest';
import { unsupportedTelemetrySetting } from './telemetry-settings.ts';

describe('the telemetry settings the platform supports (OTLP over HTTP, by variables)', () => {
  it('accepts the defaults and OTLP over HTTP, protobuf or JSON', () => {
    expect(unsupportedTelemetrySetting({})).toBeUndefined();
    expect(
      unsupportedTelemetrySetting({
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/json',
        OTEL_TRACES_EXPORTER: 'otlp, console',
        OTEL_LOGS_EXPORTER: 'none',
        OTEL_METRICS_EXPORTER: '',
      }),
    ).toBeUndefined();
  });

  it('refuses gRPC, Zipkin, Prometheus and the configuration file, naming the variable, not its value', () => {
    const refused = (env: Record<string, string>) => {
      const error = unsupportedTelemetrySetting(env);
      return error && { name: error.name, variable: error.variable, message: error.message };
    };
    expect(refused({ OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc' })).toEqual({
      name: 'ConfigError',
      variable: 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL',
      message: 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL must be one of http/protobuf, http/json (OTLP over HTTP)',
    });
    expect(refused({ OTEL_TRACES_EXPORTER: 'otlp,zipkin' })?.message).toBe(
      'OTEL_TRACES_EXPORTER must list only otlp, console, none',
    );
    expect(refused({ OTEL_METRICS_EXPORTER: 'prometheus' })?.variable).toBe('OTEL_METRICS_EXPORTER');
    expect(refused({ OTEL_CONFIG_FILE: '/etc/otel.yaml' })).toEqual({
      name: 'ConfigError',
      variable: 'OTEL_CONFIG_FILE',
      message: 'OTEL_CONFIG_FILE is not supported: configure telemetry with OTEL_* variables',
    });
  });

  it('accepts the SDK samplers and a ratio from 0 to 1', () => {
    for (const sampler of ['always_on', 'parentbased_traceidratio', 'traceidratio', 'parentbased_always_off'])
      expect(unsupportedTelemetrySetting({ OTEL_TRACES_SAMPLER: sampler })).toBeUndefined();
    for (const ratio of ['0', '0.1', '1', ' 0.25 '])
      expect(
        unsupportedTelemetrySetting({
          OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
          OTEL_TRACES_SAMPLER_ARG: ratio,
        }),
      ).toBeUndefined();
  });

  it('refuses an unknown sampler and a ratio the SDK would silently read as 1', () => {
    expect(unsupportedTelemetrySetting({ OTEL_TRACES_SAMPLER: 'jaeger_remote' })?.message).toBe(
      'OTEL_TRACES_SAMPLER must be one of always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio',
    );
    for (const ratio of ['10%', '1.5', '-0.1', 'NaN', 'Infinity']) {
      const error = unsupportedTelemetrySetting({ OTEL_TRACES_SAMPLER_ARG: ratio });
      expect({ variable: error?.variable, message: error?.message }).toEqual({
        variable: 'OTEL_TRACES_SAMPLER_ARG',
        message: 'OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1',
      });
    }
  });
});
