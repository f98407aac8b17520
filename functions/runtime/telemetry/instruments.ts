import { type Attributes, metrics, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
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

/** Runs `work` in a span; records failure status and rethrows. */
export async function withSpan<T>(
  name: string,
  attributes: Attributes,
  work: (annotate: (more: Attributes) => void) => Promise<T>,
  kind: SpanKind = SpanKind.INTERNAL,
): Promise<T> {
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

export { SpanKind };
