import { parsePort } from '../runtime/config/port.ts';
import { createLogger } from '../runtime/log/logger.ts';
import { startTelemetry } from '../runtime/telemetry/start-telemetry.ts';
import type { FunctionManifest } from './define-function.ts';
import type { CreateApp } from './kit.ts';

/**
 * A function's code as its folder holds it: `app.ts` exporting `createApp(kit)` and,
 * when it reads settings of its own, `checkSettings(env)` (parse only, throws ConfigError).
 */
export type FunctionModule = {
  readonly createApp: CreateApp;
  readonly checkSettings?: (env: Readonly<Record<string, string | undefined>>) => unknown;
};

/**
 * A function as a process (one Knative Service): telemetry first, then the kit
 * and the function's code — imported after it so its spans and meters are the
 * SDK's —, served on PORT (default 8080) behind the access log; the start's parts go
 * to the `listening` log line (startMs, startSteps);
 * SIGTERM drains in-flight requests, then closes the kit and flushes. A
 * configuration error stops the process with a message naming the variable.
 * `npm run build` writes each function's entry as a call of this.
 */
export async function runFunction(
  manifest: FunctionManifest,
  load: () => Promise<FunctionModule>,
): Promise<void> {
  const startedAt = performance.now();
  const log = createLogger().child({ function: manifest.name });
  let telemetry: Awaited<ReturnType<typeof startTelemetry>>;
  try {
    telemetry = await startTelemetry({ name: manifest.name, version: manifest.version }, process.env);
  } catch (error) {
    log.fatal(error instanceof Error ? error.message : 'telemetry failed to start');
    process.exit(1);
  }
  const { serveApp } = await import('../runtime/http/serve.ts');
  const { withAccessLog } = await import('../runtime/log/access-log.ts');
  try {
    const port = parsePort(process.env);
    // The start's steps on the process clock (0 = the process started): a cold start's parts.
    const at = { entry: Math.round(startedAt), serve: Math.round(performance.now()) };
    const [{ createKit }, { createApp }] = await Promise.all([import('./create-kit.ts'), load()]);
    const loaded = Math.round(performance.now());
    const started = await createKit(manifest, process.env);
    const kitReady = Math.round(performance.now());
    const app = await createApp(started.kit);
    const running = await serveApp(withAccessLog(app, { logger: log, function: manifest.name }), {
      port,
      onShutdown: async () => {
        await started.close();
        await telemetry.shutdown();
        log.info('stopped');
      },
    });
    const listening = Math.round(performance.now());
    const steps = Object.entries(started.startMs).map(([step, ms]) => `${step} ${ms}`);
    log.info('listening', {
      port: running.port,
      startMs: listening,
      startSteps: `entry ${at.entry}, telemetry and server ${at.serve}, code ${loaded}, kit ${kitReady}${steps.length ? ` (${steps.join(', ')})` : ''}, listening ${listening}`,
    });
  } catch (error) {
    log.fatal(error instanceof Error ? error.message : 'start failed');
    process.exit(1);
  }
}
