import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';

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
  const server = await new Promise<Server>((resolve) => {
    const s = serve(
      { fetch: app.fetch, port: options.port ?? 8080, hostname: options.hostname ?? '0.0.0.0' },
      () => resolve(s as Server),
    ) as Server;
  });
  // Idle keep-alive sockets would hold close() open until they time out.
  server.keepAliveTimeout = 5_000;

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
