/**
 * authz-sync as a process (one Knative Service): telemetry first, then the
 * app, served on PORT (default 8080) behind the access log; SIGTERM drains
 * a sync in flight.
 */
import { parsePort } from '../core/config/port.ts';
import { createLogger } from '../core/log/logger.ts';
import { startTelemetry } from '../core/telemetry/start-telemetry.ts';
import { AUTHZ_SYNC } from './manifest.ts';

const log = createLogger().child({ function: AUTHZ_SYNC.name });
const telemetry = await startTelemetry({ name: AUTHZ_SYNC.name, version: '0.1.0' }, process.env);
const { serveApp } = await import('../core/http/serve.ts');
const { withAccessLog } = await import('../core/log/access-log.ts');
const { buildAuthzSyncDeps } = await import('./wiring.ts');
const { createAuthzSyncApp } = await import('./app.ts');

try {
  const port = parsePort(process.env);
  const deps = await buildAuthzSyncDeps(process.env);
  const app = withAccessLog(createAuthzSyncApp(deps), { logger: log, function: AUTHZ_SYNC.name });
  const running = await serveApp(app, {
    port,
    onShutdown: async () => {
      await telemetry.shutdown();
      log.info('stopped');
    },
  });
  log.info('listening', { port: running.port });
} catch (error) {
  log.fatal(error instanceof Error ? error.message : 'start failed');
  process.exit(1);
}
