import { ConfigError } from '../config/parse-env.ts';

type Env = Readonly<Record<string, string | undefined>>;

const PROTOCOLS = ['http/protobuf', 'http/json'];
const EXPORTERS = ['otlp', 'console', 'none'];
/** The SDK's samplers chosen by `OTEL_TRACES_SAMPLER` (Jaeger's remote sampler is not bundled). */
const SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
];

/**
 * The standard `OTEL_*` settings the platform supports, checked once at start: OTLP over
 * HTTP (the collector's receiver, infra/constructs/otel-collector.ts), configured by
 * variables. gRPC, Zipkin, Prometheus and the declarative configuration file are left
 * out of function bundles (infra/build/build.ts `OMITTED_MODULES`), so a setting that
 * would choose one is refused here, naming the variable, rather than failing later in
 * the SDK. The trace sampler is checked too: the SDK falls back to sampling every
 * request on an unknown sampler or a ratio outside 0..1, and says so only in a
 * diagnostic log nobody reads. Returns the first such setting's error, or undefined.
 */
export function unsupportedTelemetrySetting(env: Env): ConfigError | undefined {
  if (env.OTEL_CONFIG_FILE)
    return new ConfigError('OTEL_CONFIG_FILE', 'is not supported: configure telemetry with OTEL_* variables');
  for (const signal of ['', 'TRACES_', 'METRICS_', 'LOGS_']) {
    const variable = `OTEL_EXPORTER_OTLP_${signal}PROTOCOL`;
    const value = env[variable];
    if (value && !PROTOCOLS.includes(value))
      return new ConfigError(variable, `must be one of ${PROTOCOLS.join(', ')} (OTLP over HTTP)`);
  }
  for (const signal of ['TRACES', 'METRICS', 'LOGS']) {
    const variable = `OTEL_${signal}_EXPORTER`;
    const chosen = (env[variable] ?? '').split(',').map((v) => v.trim());
    if (chosen.some((v) => v !== '' && !EXPORTERS.includes(v)))
      return new ConfigError(variable, `must list only ${EXPORTERS.join(', ')}`);
  }
  const sampler = env.OTEL_TRACES_SAMPLER;
  if (sampler && !SAMPLERS.includes(sampler))
    return new ConfigError('OTEL_TRACES_SAMPLER', `must be one of ${SAMPLERS.join(', ')}`);
  const ratio = env.OTEL_TRACES_SAMPLER_ARG;
  if (ratio !== undefined && ratio.trim() !== '') {
    const value = Number(ratio);
    if (!Number.isFinite(value) || value < 0 || value > 1)
      return new ConfigError('OTEL_TRACES_SAMPLER_ARG', 'must be a ratio from 0 to 1');
  }
  return undefined;
}
