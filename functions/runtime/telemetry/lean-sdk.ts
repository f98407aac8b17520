/**
 * The OpenTelemetry SDK a function runs when telemetry is on: a tracer
 * provider with a batch span processor and an OTLP/HTTP exporter, W3C trace
 * context and baggage, a periodic metric reader, the async-hooks context
 * manager — the parts `@opentelemetry/sdk-node` would set up from the same
 * standard `OTEL_*` variables, without what it also loads whatever the
 * configuration: the gRPC exporters (`@grpc/grpc-js`), the logs SDK and the
 * declarative-configuration parser. case-lookup's telemetry chunk went from
 * 842 KiB to a fraction of it (test/bench/REPORT.md). Loaded only when an
 * endpoint is set (start-telemetry.ts).
 *
 * Variables read here (the exporters read their endpoint, headers and
 * timeout themselves): OTEL_TRACES_EXPORTER (`otlp` or `none`),
 * OTEL_EXPORTER_OTLP_[TRACES_|METRICS_]PROTOCOL (`http/protobuf`, the
 * default, or `http/json`; `grpc` is not offered and falls back to
 * protobuf), OTEL_TRACES_SAMPLER[_ARG], OTEL_BSP_*, OTEL_METRIC_EXPORT_INTERVAL.
 */
import {
  context,
  DiagConsoleLogger,
  DiagLogLevel,
  diag,
  metrics,
  propagation,
  trace,
} from '@opentelemetry/api';

/** What an instrumentation (instrumentation-pg) offers the SDK: the providers it reports to, and a stop. */
interface Instrumentation {
  setTracerProvider(provider: import('@opentelemetry/api').TracerProvider): void;
  setMeterProvider(provider: import('@opentelemetry/api').MeterProvider): void;
  disable(): void;
}

type Env = Readonly<Record<string, string | undefined>>;

export interface LeanSdk {
  shutdown(): Promise<void>;
}

export async function startLeanSdk(options: {
  readonly env: Env;
  readonly resourceAttributes: Readonly<Record<string, string>>;
  /** Made once the providers are global, so they find them. */
  readonly instrumentations: () => Promise<readonly Instrumentation[]>;
}): Promise<LeanSdk> {
  const { env } = options;
  diag.setLogger(new DiagConsoleLogger(), { logLevel: DiagLogLevel.WARN });
  const protocol = (signal: 'TRACES' | 'METRICS') =>
    (env[`OTEL_EXPORTER_OTLP_${signal}_PROTOCOL`] ?? env.OTEL_EXPORTER_OTLP_PROTOCOL)?.trim() === 'http/json'
      ? ('json' as const)
      : ('protobuf' as const);
  const tracesOn = env.OTEL_TRACES_EXPORTER?.trim() !== 'none';
  const [hooks, core, resources, sdkTrace, sdkMetrics, traceExporter, metricExporter] = await Promise.all([
    import('@opentelemetry/context-async-hooks'),
    import('@opentelemetry/core'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/sdk-trace'),
    import('@opentelemetry/sdk-metrics'),
    !tracesOn
      ? undefined
      : protocol('TRACES') === 'json'
        ? import('@opentelemetry/exporter-trace-otlp-http')
        : import('@opentelemetry/exporter-trace-otlp-proto'),
    protocol('METRICS') === 'json'
      ? import('@opentelemetry/exporter-metrics-otlp-http')
      : import('@opentelemetry/exporter-metrics-otlp-proto'),
  ]);
  const resource = resources.resourceFromAttributes(options.resourceAttributes);
  const contextManager = new hooks.AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(
    new core.CompositePropagator({
      propagators: [new core.W3CTraceContextPropagator(), new core.W3CBaggagePropagator()],
    }),
  );
  const number = (name: string) => {
    const value = env[name];
    return value === undefined || value.trim() === '' || !(Number(value) >= 0) ? undefined : Number(value);
  };
  const tracerProvider =
    traceExporter &&
    new sdkTrace.TracerProvider({
      resource,
      sampler: sampler(sdkTrace, env),
      spanProcessors: [
        new sdkTrace.BatchSpanProcessor({
          exporter: new traceExporter.OTLPTraceExporter(),
          ...defined({
            maxQueueSize: number('OTEL_BSP_MAX_QUEUE_SIZE'),
            scheduledDelayMillis: number('OTEL_BSP_SCHEDULE_DELAY'),
            exportTimeoutMillis: number('OTEL_BSP_EXPORT_TIMEOUT'),
            maxExportBatchSize: number('OTEL_BSP_MAX_EXPORT_BATCH_SIZE'),
          }),
        }),
      ],
    });
  if (tracerProvider) trace.setGlobalTracerProvider(tracerProvider);
  const meterProvider = new sdkMetrics.MeterProvider({
    resource,
    readers: [
      new sdkMetrics.PeriodicExportingMetricReader({
        exporter: new metricExporter.OTLPMetricExporter(),
        exportIntervalMillis: number('OTEL_METRIC_EXPORT_INTERVAL') ?? 15_000,
      }),
    ],
  });
  metrics.setGlobalMeterProvider(meterProvider);
  const instrumentations = await options.instrumentations();
  for (const instrumentation of instrumentations) {
    if (tracerProvider) instrumentation.setTracerProvider(tracerProvider);
    instrumentation.setMeterProvider(meterProvider);
  }
  return {
    async shutdown() {
      for (const instrumentation of instrumentations) instrumentation.disable();
      await Promise.all([tracerProvider?.shutdown(), meterProvider.shutdown()]);
      contextManager.disable();
    },
  };
}

type SdkTrace = typeof import('@opentelemetry/sdk-trace');

/** OTEL_TRACES_SAMPLER as the specification names them; unset or unknown: parent-based always on (its default). */
function sampler(sdk: SdkTrace, env: Env) {
  const ratio = () => {
    const arg = Number(env.OTEL_TRACES_SAMPLER_ARG);
    return env.OTEL_TRACES_SAMPLER_ARG !== undefined && arg >= 0 && arg <= 1 ? arg : 1;
  };
  switch (env.OTEL_TRACES_SAMPLER?.trim()) {
    case 'always_on':
      return new sdk.AlwaysOnSampler();
    case 'always_off':
      return new sdk.AlwaysOffSampler();
    case 'traceidratio':
      return new sdk.TraceIdRatioBasedSampler(ratio());
    case 'parentbased_always_off':
      return new sdk.ParentBasedSampler({ root: new sdk.AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new sdk.ParentBasedSampler({ root: new sdk.TraceIdRatioBasedSampler(ratio()) });
    default:
      return new sdk.ParentBasedSampler({ root: new sdk.AlwaysOnSampler() });
  }
}

function defined<T extends Record<string, number | undefined>>(values: T): Partial<Record<keyof T, number>> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<
    Record<keyof T, number>
  >;
}
