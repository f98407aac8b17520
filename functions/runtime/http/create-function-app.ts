import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { httpServerSpans } from '../telemetry/http-server-spans.ts';
import { AppError } from './app-error.ts';
import { limitBody } from './body-limit.ts';
import { healthRoutes, type ReadinessCheck } from './health.ts';
import { problemResponse } from './problem.ts';
import { requestId } from './request-id.ts';

export interface FunctionAppOptions {
  /** The function's name: span attribute and metric label. */
  readonly name: string;
  /** Readiness false until each of these answers true. */
  readonly readiness?: readonly ReadinessCheck[];
  /** @default 65536 (64 KiB): the pilot's requests are small JSON documents. */
  readonly bodyLimitBytes?: number;
  /** Per-request deadline; past it the caller gets 504 and the handler's result is dropped. @default 10000 */
  readonly requestTimeoutMs?: number;
}

/**
 * The Hono app every function starts from: server span and RED metrics,
 * request id, secure headers, body limit, per-request deadline, health
 * endpoints and the one error model
 * (`application/problem+json` with a stable `code`).
 */
export function createFunctionApp(options: FunctionAppOptions): Hono {
  const limit = options.bodyLimitBytes ?? 65_536;
  const deadlineMs = options.requestTimeoutMs ?? 10_000;
  if (!Number.isInteger(limit) || limit <= 0)
    throw new RangeError('bodyLimitBytes must be a positive integer');
  if (!Number.isInteger(deadlineMs) || deadlineMs <= 0)
    throw new RangeError('requestTimeoutMs must be a positive integer');

  const app = new Hono();
  app.use(httpServerSpans(options.name));
  app.use(requestId());
  app.use(secureHeaders({ crossOriginResourcePolicy: 'same-origin', referrerPolicy: 'no-referrer' }));
  app.use(async (c, next) => {
    c.header('cache-control', 'no-store');
    await next();
  });
  app.use(
    limitBody(limit, () => {
      throw new AppError(413, 'body_too_large', `The request body exceeds ${limit} bytes`);
    }),
  );
  app.use(deadline(deadlineMs));
  app.route('/health', healthRoutes(options.readiness ?? []));
  app.notFound((c) => problemResponse(c, new AppError(404, 'not_found', 'No such route')));
  app.onError((error, c) => problemResponse(c, error));
  return app;
}

function deadline(ms: number) {
  return async (_c: unknown, next: () => Promise<void>) => {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new AppError(504, 'request_timeout', `No answer within ${ms} ms`)), ms);
    });
    try {
      await Promise.race([next(), expired]);
    } finally {
      clearTimeout(timer);
    }
  };
}
