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
});
