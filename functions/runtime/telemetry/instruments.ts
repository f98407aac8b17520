import { type Attributes, metrics, SpanKind, SpanStatusCode, TraceFlags, trace } from '@opentelemetry/api';
import { CPR_SHAPED, PSEUDONYM_SHAPED } from '../cpr/cpr.ts';

const tracer = trace.getTracer('hoi-platform');
const meter = metrics.getMeter('hoi-platform');

export const requestDuration = meter.createHistogram('hoi.request.duration', {
  description: 'Duration of function requests by route and outcome (RED)',
  unit: 's',
});

/**
 * Drops any attribute whose value looks like a CPR number: the child is
 * referred to by its keyed pseudonym in telemetry, never by CPR (POL-001).
 */
export function safeAttributes(attributes: Attributes): Attributes {
  const safe: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || CPR_SHAPED.test(String(value)) || PSEUDONYM_SHAPED.test(String(value)))
      continue;
    safe[key] = value;
  }
  return safe;
}

/**
 * Runs `work` in a span; records failure status and rethrows. Inside a trace
 * that is neither recorded nor sampled (a request the sampler left out, or a
 * caller's unsampled trace), every sampler the settings allow leaves the child
 * out as well: `work` then runs in the parent's context with no span of its
 * own, so an untraced request pays for its server span only. Its trace
 * context still travels on to the upstreams, unsampled.
 */
export async function withSpan<T>(
  name: string,
  attributes: Attributes,
  work: (annotate: (more: Attributes) => void) => Promise<T>,
  kind: SpanKind = SpanKind.INTERNAL,
): Promise<T> {
  if (untraced()) return work(ignore);
  return tracer.startActiveSpan(name, { kind, attributes: safeAttributes(attributes) }, async (span) => {
    try {
      // An unsampled span records nothing: skip the attribute checks too.
      return await work((more) => {
        if (span.isRecording()) span.setAttributes(safeAttributes(more));
      });
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
      throw error;
    } finally {
      span.end();
    }
  });
}

function untraced(): boolean {
  const parent = trace.getActiveSpan();
  return (
    parent !== undefined &&
    !parent.isRecording() &&
    (parent.spanContext().traceFlags & TraceFlags.SAMPLED) === 0
  );
}

function ignore(): void {}

export { SpanKind };
