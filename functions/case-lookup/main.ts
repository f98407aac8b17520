/**
 * case-lookup as a process (one Knative Service): telemetry first, then the
 * app, served on PORT (default 8080); SIGTERM drains in-flight requests.
 */
import { parsePort } from '../core/config/port.ts';
import { startTelemetry } from '../core/telemetry/start-telemetry.ts';
import { CASE_LOOKUP } from './manifest.ts';

const telemetry = await startTelemetry({ name: CASE_LOOKUP.name, version: '0.1.0' }, process.env);
const { serveApp } = await import('../core/http/serve.ts');
const { buildCaseLookupDeps } = await import('./wiring.ts');
const { createCaseLookupApp } = await import('./app.ts');

try {
  const port = parsePort(process.env);
  const { deps, database } = await buildCaseLookupDeps(process.env);
  const running = await serveApp(createCaseLookupApp(deps), {
    port,
    onShutdown: async () => {
      await deps.authorizer.close();
      await database.close();
      await telemetry.shutdown();
    },
  });
  console.log(
    JSON.stringify({ level: 'info', msg: 'listening', function: CASE_LOOKUP.name, port: running.port }),
  );
} catch (error) {
  console.error(
    JSON.stringify({ level: 'fatal', msg: error instanceof Error ? error.message : 'start failed' }),
  );
  process.exit(1);
}
