/**
 * `npm start`: the whole platform on one port on embedded defaults — every
 * function under `/<function-name>/`, the sandbox upstreams under `/sandbox/`,
 * the embedded OpenFGA evaluator loaded by the production organisation sync,
 * PGlite for the audit log, and the development identity provider. One
 * access-log line per request (JSON on stdout), telemetry when `OTEL_*` asks
 * for it; `PORT=0` takes a free port. Ctrl-C stops it cleanly.
 */
import { Hono } from 'hono';
import { createCaseLookupApp } from '../case-lookup/app.ts';
import type { Database } from '../core/db/database.ts';
import { serveApp } from '../core/http/serve.ts';
import { withAccessLog } from '../core/log/access-log.ts';
import { createLogger } from '../core/log/logger.ts';
import { startTelemetry } from '../core/telemetry/start-telemetry.ts';
import { createSandboxApp } from '../sandbox/app.ts';
import { loadSandboxConfig } from '../sandbox/config.ts';
import { forwardTo } from './forward.ts';
import { DEV_KEY_FILE, defaultAuditDir, localPseudonymKey } from './local-keys.ts';
import { printWelcome } from './welcome.ts';

const log = createLogger().child({ function: 'platform' });
const telemetry = await startTelemetry({ name: 'hoi-platform-local', version: '0.1.0' }, process.env);
// After telemetry, so the pg instrumentation sees the driver load.
const { buildCaseLookupDeps } = await import('../case-lookup/wiring.ts');

const port = Number(process.env.PORT ?? 8080);
const sandboxConfig = loadSandboxConfig({ ...process.env, PORT: String(port) });
const sandbox = withAccessLog(createSandboxApp(sandboxConfig.data), { logger: log, function: 'sandbox' });
let caseLookup: Hono | undefined;
let database: Database | undefined;

const platform = new Hono();
platform.all(
  '/sandbox/*',
  forwardTo('/sandbox', () => sandbox),
);
platform.all(
  '/case-lookup/*',
  forwardTo('/case-lookup', () => caseLookup),
);
platform.get('/', (c) => c.json({ functions: ['case-lookup'], sandbox: '/sandbox/' }));

const running = await serveApp(platform, {
  port,
  hostname: process.env.HOST ?? '127.0.0.1',
  onShutdown: async () => {
    await database?.close();
    await telemetry.shutdown();
    log.info('stopped');
  },
});
log.info('listening', { port: running.port });
const base = `http://127.0.0.1:${running.port}`;
const auditDir = defaultAuditDir(process.env);
const built = await buildCaseLookupDeps({
  AUTHZ_MODE: 'embedded',
  AUTH_DEV_KEY_FILE: DEV_KEY_FILE,
  PSEUDONYM_KEY: await localPseudonymKey(),
  UPSTREAM_BASE_URL: `${base}/sandbox`,
  ...(auditDir ? { PGLITE_DIR: auditDir } : {}),
  ...process.env,
});
database = built.database;
caseLookup = withAccessLog(createCaseLookupApp(built.deps), { logger: log, function: 'case-lookup' });
await printWelcome(base, sandboxConfig.data, auditDir);
log.info('ready', { port: running.port });
