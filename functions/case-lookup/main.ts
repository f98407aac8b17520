/**
 * case-lookup as a process (one Knative Service): telemetry first, then the
 * app, served on PORT (default 8080) behind the access log; SIGTERM drains
 * in-flight requests.
 */
import { parsePort } from '../core/config/port.ts';
import { createLogger } from '../core/log/logger.ts';
import { startTelemetry } from '../core/telemetry/start-telemetry.ts';
import { CASE_LOOKUP } from './manifest.ts';

const log = createLogger().child({ function: CASE_LOOKUP.name });
const telemetry = await startTelemetry({ name: CASE_LOOKUP.name, version: '0.1.0' }, process.env);
const { serveApp } = await import('../core/http/serve.ts');
const { withAccessLog } = await import('../core/log/access-log.ts');
const { buildCaseLookupDeps } = await import('./wiring.ts');
const { createCaseLookupApp } = await import('./app.ts');

try {
  const port = parsePort(process.env);
  const { deps, database } = await buildCaseLookupDeps(process.env);
  const app = withAccessLog(createCaseLookupApp(deps), { logger: log, function: CASE_LOOKUP.name });
  const running = await serveApp(app, {
    port,
    onShutdown: async () => {
      await deps.authorizer.close();
      await database.close();
      await telemetry.shutdown();
      log.info('stopped');
    },
  });
  log.info('listening', { port: running.port });
} catch (error) {
  log.fatal(error instanceof Error ? error.message : 'start failed');
  process.exit(1);
}
