import { context, propagation } from '@opentelemetry/api';

/** W3C trace context of the active span, for an outgoing request. Empty when telemetry is off. */
export function traceHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  propagation.inject(context.active(), headers);
  return headers;
}
