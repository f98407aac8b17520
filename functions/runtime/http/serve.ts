import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError } from './app-error.ts';
import { PROBLEM_CONTENT_TYPE, titleOf, toProblem } from './problem.ts';

export interface ServeOptions {
  /** @default 8080 */
  readonly port?: number;
  /** @default '0.0.0.0' */
  readonly hostname?: string;
  /** How long in-flight requests may finish after SIGTERM before connections are cut. @default 20000 */
  readonly drainMs?: number;
  /** Runs after the server has drained: close the database, flush telemetry. */
  readonly onShutdown?: () => Promise<void>;
  /** Signals that start the drain. @default ['SIGTERM', 'SIGINT'] */
  readonly signals?: readonly NodeJS.Signals[];
  /** How long a request (headers and body) may take to arrive; then 408. @default 5000 */
  readonly bodyTimeoutMs?: number;
}

/** The methods a Fetch API `Request` can carry: anything else is answered 405 here. */
const FETCH_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

const CLIENT_ERRORS: Readonly<Record<string, [ContentfulStatusCode, string, string]>> = {
  HPE_HEADER_OVERFLOW: [431, 'headers_too_large', 'The request headers are too large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'request_too_slow', 'The request did not arrive in time'],
  HOI_METHOD: [405, 'method_not_allowed', 'The method is not served here'],
  default: [400, 'malformed_request', 'The request is not valid HTTP'],
};

/**
 * Requests Node refuses before any handler runs (header overflow, a malformed
 * request line, a body that arrives too slowly) still get a problem document
 * with a stable code, never an empty answer.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const [status, code, detail] = CLIENT_ERRORS[error.code ?? ''] ?? CLIENT_ERRORS.default!;
  const body = JSON.stringify(toProblem(new AppError(status, code, detail), undefined));
  socket.end(
    `HTTP/1.1 ${status} ${titleOf(status)}\r\ncontent-type: ${PROBLEM_CONTENT_TYPE}\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

export interface RunningServer {
  readonly port: number;
  /** Stops accepting, lets in-flight requests finish (up to drainMs), then runs onShutdown. */
  shutdown(): Promise<void>;
}

/**
 * Serves a function app and owns its shutdown: Knative scales down with
 * SIGTERM, and a request in flight then must still get its answer.
 */
export async function serveApp(app: Hono, options: ServeOptions = {}): Promise<RunningServer> {
  const drainMs = options.drainMs ?? 20_000;
  // A caller that went away mid-request has nobody to answer; anything else reaches the app's
  // own error model first. Nothing is printed outside the JSON log.
  const listener = getRequestListener(app.fetch, { errorHandler: () => undefined });
  const requestTimeout = options.bodyTimeoutMs ?? 5_000;
  const server = createServer(
    {
      // A request sent too slowly ends as 408 before the handler's deadline would make it 504;
      // Node checks the deadline every `connectionsCheckingInterval`.
      requestTimeout,
      headersTimeout: requestTimeout,
      connectionsCheckingInterval: Math.min(1_000, requestTimeout),
    },
    (req, res) => {
      // A method the Fetch API cannot carry (TRACE, CONNECT, …) never reaches the app.
      if (!FETCH_METHODS.has(req.method ?? '')) {
        answerClientError(Object.assign(new Error('method'), { code: 'HOI_METHOD' }), res.socket!);
        return;
      }
      void listener(req, res);
    },
  );
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 8080, options.hostname ?? '0.0.0.0', resolve),
  );
  // Idle keep-alive sockets would hold close() open until they time out.
  server.keepAliveTimeout = 5_000;
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => answerClientError(error, socket));
  // CONNECT never reaches the request listener: without this Node drops the socket silently.
  server.on('connect', (_req, socket: Duplex) =>
    answerClientError(Object.assign(new Error('method'), { code: 'HOI_METHOD' }), socket),
  );

  let stopping: Promise<void> | undefined;
  const shutdown = () => {
    stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // A keep-alive socket turns idle when its in-flight answer is sent: close those as they appear.
      const sweeper = setInterval(() => server.closeIdleConnections(), 25);
      server.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      const cut = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          server.closeAllConnections();
          resolve();
        }, drainMs);
      });
      await Promise.race([closed, cut]);
      clearTimeout(timer);
      clearInterval(sweeper);
      await options.onShutdown?.();
    })();
    return stopping;
  };

  for (const signal of options.signals ?? ['SIGTERM', 'SIGINT']) {
    process.once(signal, () => {
      void shutdown().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
  return { port: (server.address() as AddressInfo).port, shutdown };
}
