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
 * and the function's code — imported after it so the pg instrumentation sees
 * the driver load —, served on PORT (default 8080) behind the access log;
 * SIGTERM drains in-flight requests, then closes the kit and flushes. A
 * configuration error stops the process with a message naming the variable.
 * `npm run build` writes each function's entry as a call of this.
 */
export async function runFunction(
  manifest: FunctionManifest,
  load: () => Promise<FunctionModule>,
): Promise<void> {
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
    const [{ createKit }, { createApp }] = await Promise.all([import('./create-kit.ts'), load()]);
    const started = await createKit(manifest, process.env);
    const app = await createApp(started.kit);
    const running = await serveApp(withAccessLog(app, { logger: log, function: manifest.name }), {
      port,
      onShutdown: async () => {
        await started.close();
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
