import type { Hono } from 'hono';
import { parsePort } from '../config/port.ts';
import { createLogger } from '../log/logger.ts';
import { startTelemetry } from '../telemetry/start-telemetry.ts';

/** What a function's `main.ts` builds once its configuration is read. */
export interface StartedFunction {
  readonly app: Hono;
  /** Closes what the function opened (authorizer, database), after in-flight requests drained. */
  readonly close?: () => Promise<void>;
}

/**
 * A function as a process (one Knative Service): telemetry first, then
 * `start` — which should import the function's wiring dynamically so the pg
 * instrumentation sees the driver load —, served on PORT (default 8080) behind
 * the access log; SIGTERM drains in-flight requests, then closes and flushes.
 * A configuration error stops the process with a message naming the variable.
 */
export async function runFunction(
  name: string,
  start: (env: Readonly<Record<string, string | undefined>>) => Promise<StartedFunction>,
): Promise<void> {
  const log = createLogger().child({ function: name });
  const telemetry = await startTelemetry({ name, version: '0.1.0' }, process.env);
  const { serveApp } = await import('./serve.ts');
  const { withAccessLog } = await import('../log/access-log.ts');
  try {
    const port = parsePort(process.env);
    const started = await start(process.env);
    const running = await serveApp(withAccessLog(started.app, { logger: log, function: name }), {
      port,
      onShutdown: async () => {
        await started.close?.();
        await telemetry.shutdown();
        log.info('stopped');
      },
    });
    log.info('listening', { port: running.port });
  } catch (error) {
    log.fatal(error instanceof Error ? error.message : 'start failed');
    process.exit(1);
  }
}
