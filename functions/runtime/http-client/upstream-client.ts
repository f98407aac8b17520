import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  circuitBreaker,
  ExponentialBackoff,
  handleWhen,
  retry,
  TaskCancelledError,
  TimeoutStrategy,
  timeout,
  wrap,
} from 'cockatiel';
import type * as z from 'zod/mini';
import { AppError } from '../http/app-error.ts';
import { SpanKind, withSpan } from '../telemetry/instruments.ts';
import { traceHeaders } from '../telemetry/trace-headers.ts';
import { createHttpTransport } from './http-transport.ts';
import { fetchTransport } from './transport.ts';

export interface UpstreamOptions {
  /** Human name for errors and telemetry, e.g. `FK Organisation`. */
  readonly name: string;
  readonly baseUrl: string;
  /** Deadline of one call, retries included. @default 3000 */
  readonly timeoutMs?: number;
  /** Extra attempts for idempotent calls on network errors, 429 and 5xx. @default 2 */
  readonly retries?: number;
  /** Consecutive failures that open the circuit. @default 5 */
  readonly breakerThreshold?: number;
  /** How long the circuit stays open before one trial call. @default 10000 */
  readonly halfOpenAfterMs?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * For tests and in-process upstreams: a fetch to call instead of the network.
   * @default a keep-alive `node:http(s)` transport of this client's own
   */
  readonly fetch?: typeof fetch;
}

export interface UpstreamClient {
  readonly name: string;
  /** GET, retried. `null` on 404 when `allowNotFound`. */
  getJson<S extends z.ZodMiniType>(
    path: string,
    schema: S,
    options?: { allowNotFound?: boolean },
  ): Promise<z.infer<S> | null>;
  /**
   * POST; retried only when the caller says the call is idempotent (a search, not a write).
   * `null` on 404 when `allowNotFound` (a lookup that found nothing).
   */
  postJson<S extends z.ZodMiniType, NotFound extends boolean = false>(
    path: string,
    body: unknown,
    schema: S,
    options?: { idempotent?: boolean; allowNotFound?: NotFound },
  ): Promise<z.infer<S> | (NotFound extends true ? null : never)>;
}

class RetryableStatus extends Error {
  constructor(readonly status: number) {
    super(`upstream answered ${status}`);
  }
}

/** A CPR number must never reach a URL (access logs): callers put it in the body. */
const CPR_SHAPED = /(?<!\d)\d{6}-?\d{4}(?!\d)/;

/**
 * The one way functions call upstreams (FK, CPR, NSP, …): per-call deadline,
 * bounded retries for idempotent calls, a circuit breaker per upstream, and
 * failures as problems — 504 on timeout, 503 while the circuit is open, 502
 * for errors and answers that break the contract. Never a hang.
 */
export function createUpstreamClient(options: UpstreamOptions): UpstreamClient {
  const deadlineMs = options.timeoutMs ?? 3000;
  const transport = options.fetch ? fetchTransport(options.fetch) : createHttpTransport();
  const breaker = circuitBreaker(handleWhen(isUpstreamFault), {
    halfOpenAfter: options.halfOpenAfterMs ?? 10_000,
    breaker: new ConsecutiveBreaker(options.breakerThreshold ?? 5),
  });
  const retrying = retry(
    handleWhen((e) => e instanceof RetryableStatus || e instanceof TypeError),
    {
      maxAttempts: options.retries ?? 2,
      backoff: new ExponentialBackoff({ initialDelay: 50, maxDelay: 500 }),
    },
  );
  // The body is read before the attempt returns, so nothing is left to cancel then: not aborting
  // on return spares each call an AbortError (a DOMException with its stack) that nobody reads.
  const deadline = timeout(deadlineMs, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false });
  const once = wrap(deadline, breaker);
  const withRetries = wrap(deadline, retrying, breaker);

  async function call<S extends z.ZodMiniType>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    schema: S,
    idempotent: boolean,
    allowNotFound: boolean,
  ): Promise<z.infer<S> | null> {
    if (CPR_SHAPED.test(path)) throw new Error(`refusing a CPR-shaped number in a URL to ${options.name}`);
    return withSpan(
      `${method} ${options.name}`,
      { 'http.request.method': method, 'hoi.upstream': options.name },
      (annotate) => exchange(method, path, body, schema, idempotent, allowNotFound, annotate),
      SpanKind.CLIENT,
    );
  }

  async function exchange<S extends z.ZodMiniType>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    schema: S,
    idempotent: boolean,
    allowNotFound: boolean,
    annotate: (attributes: Record<string, number>) => void,
  ): Promise<z.infer<S> | null> {
    const url = new URL(
      path.replace(/^\//, ''),
      options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`,
    );
    // The body is read inside the policy: the deadline covers the whole exchange.
    let answer: { status: number; text: string };
    try {
      answer = await (idempotent ? withRetries : once).execute(async ({ signal }) => {
        const res = await transport(url, {
          method,
          signal,
          headers: {
            ...traceHeaders(),
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...options.headers,
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        if (res.status === 429 || res.status >= 500) {
          await res.discard();
          throw new RetryableStatus(res.status);
        }
        return { status: res.status, text: await res.text() };
      });
    } catch (error) {
      throw toUpstreamProblem(options.name, deadlineMs, error);
    }
    annotate({ 'http.response.status_code': answer.status });
    if (answer.status === 404 && allowNotFound) return null;
    if (answer.status < 200 || answer.status > 299) {
      throw new AppError(502, 'upstream_error', `${options.name} refused the request (${answer.status})`);
    }
    let json: unknown;
    try {
      json = JSON.parse(answer.text);
    } catch (error) {
      throw new AppError(502, 'upstream_invalid_response', `${options.name} answered with invalid JSON`, {
        cause: error,
      });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new AppError(502, 'upstream_invalid_response', `${options.name} answered outside its contract`, {
        cause: parsed.error,
      });
    }
    return parsed.data;
  }

  return {
    name: options.name,
    getJson: (path, schema, opts) => call('GET', path, undefined, schema, true, opts?.allowNotFound ?? false),
    postJson: async (path, body, schema, opts) =>
      (await call(
        'POST',
        path,
        body,
        schema,
        opts?.idempotent ?? false,
        opts?.allowNotFound ?? false,
      )) as z.infer<typeof schema>,
  };
}

function isUpstreamFault(error: unknown): boolean {
  // An attempt cut by the deadline surfaces inside the breaker as the transport's AbortError.
  // Network failures are TypeErrors with either transport.
  const aborted = error instanceof Error && error.name === 'AbortError';
  return error instanceof RetryableStatus || error instanceof TypeError || aborted;
}

function toUpstreamProblem(name: string, deadlineMs: number, error: unknown): AppError {
  if (error instanceof TaskCancelledError) {
    return new AppError(504, 'upstream_timeout', `${name} did not answer within ${deadlineMs} ms`, {
      cause: error,
    });
  }
  if (error instanceof BrokenCircuitError) {
    return new AppError(503, 'upstream_unavailable', `${name} is failing; calls are paused`, {
      cause: error,
    });
  }
  return new AppError(502, 'upstream_error', `${name} failed`, { cause: error });
}
