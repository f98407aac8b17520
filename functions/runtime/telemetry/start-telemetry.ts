import { unsupportedTelemetrySetting } from './telemetry-settings.ts';

/**
 * OpenTelemetry for a function: off (no SDK loaded, zero cost) unless an OTLP
 * endpoint is configured by the standard `OTEL_*` variables. When on, only the
 * instrumentations chosen here run. HTTP server and client spans come from the
 * kit itself (`httpServerSpans`, the upstream client): the monkey-patching HTTP
 * instrumentation cannot see `node:http` imported by ES modules and bundles
 * without a loader hook. Database statements get their spans from the kit too
 * (runtime/db/traced-database.ts), the same on PostgreSQL and PGlite: no
 * driver patch, so no hook on every `require` at start. No auto-instrumentation
 * bundle: it costs start-up time and its SIGTERM handling fights the kit's own
 * drain (STACK-NOTES.md).
 */
export interface TelemetryHandle {
  readonly enabled: boolean;
  /** Flushes and stops exporting; safe to call when disabled. */
  shutdown(): Promise<void>;
}

type Env = Readonly<Record<string, string | undefined>>;

export function telemetryEnabled(env: Env): boolean {
  if (env.OTEL_SDK_DISABLED?.toLowerCase() === 'true') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

export async function startTelemetry(
  service: { name: string; version: string },
  env: Env,
): Promise<TelemetryHandle> {
  if (!telemetryEnabled(env)) return { enabled: false, shutdown: async () => {} };
  const unsupported = unsupportedTelemetrySetting(env);
  if (unsupported !== undefined) throw unsupported;
  // Loaded only when on, so a function without an endpoint starts as fast as without telemetry.
  const [{ startNodeSdk }, metrics, { OTLPMetricExporter }] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/sdk-metrics'),
    import('@opentelemetry/exporter-metrics-otlp-http'),
  ]);
  const sdk = startNodeSdk({
    resourceAttributes: { 'service.name': service.name, 'service.version': service.version },
    resourceDetectors: [],
    instrumentations: [],
    metricReaders: [
      new metrics.PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter(),
        exportIntervalMillis: Number(env.OTEL_METRIC_EXPORT_INTERVAL ?? 15_000),
      }),
    ],
  });
  return { enabled: true, shutdown: () => sdk.shutdown() };
}
