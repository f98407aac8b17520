import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { requestDuration } from './instruments.ts';

const tracer = trace.getTracer('hoi-platform/http');
const HEALTH = /\/health\/(liveness|readiness)$/;

const headerGetter = {
  keys: (headers: Headers) => [...headers.keys()],
  get: (headers: Headers, key: string) => headers.get(key) ?? undefined,
};

/**
 * The server span and RED metrics of every request: continues the caller's
 * W3C trace context, names the span by route template (never the raw URL),
 * records status and duration. Health probes are not traced.
 */
export function httpServerSpans(functionName: string): MiddlewareHandler {
  return async (c, next) => {
    if (HEALTH.test(c.req.path)) return next();
    const parent = propagation.extract(context.active(), c.req.raw.headers, headerGetter);
    const started = performance.now();
    const span = tracer.startSpan(
      `${c.req.method}`,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': c.req.method, 'hoi.function': functionName },
      },
      parent,
    );
    try {
      await context.with(trace.setSpan(parent, span), next);
    } finally {
      const route = routePath(c) || 'unmatched';
      const status = c.res.status;
      if (span.isRecording()) {
        span.updateName(`${c.req.method} ${route}`);
        span.setAttributes({ 'http.route': route, 'http.response.status_code': status });
        if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
      requestDuration.record((performance.now() - started) / 1000, {
        'hoi.function': functionName,
        'http.route': route,
        'http.request.method': c.req.method,
        'http.response.status_code': status,
      });
    }
  };
}
