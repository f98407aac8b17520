/**
 * `npm start`: the whole platform on one port on embedded defaults — every
 * function found under `functions/` (a folder with a manifest) served under
 * `/<function-name>/`, the sandbox upstreams first, the embedded OpenFGA
 * evaluator loaded by the production organisation sync, PGlite for the audit
 * log, and the development identity provider. One access-log line per request
 * (JSON on stdout), telemetry when `OTEL_*` asks for it; `PORT=0` takes a free
 * port. Ctrl-C stops it cleanly.
 */
import { findFunctions } from '../kit/find-functions.ts';
import { serveApp } from '../runtime/http/serve.ts';
import { withAccessLog } from '../runtime/log/access-log.ts';
import { createLogger } from '../runtime/log/logger.ts';
import { startTelemetry } from '../runtime/telemetry/start-telemetry.ts';
import { loadSandboxConfig } from '../sandbox/config.ts';
import { limitConcurrency } from './concurrency-limit.ts';
import {
  DEV_KEY_FILE,
  defaultAuditDir,
  localCorrespondenceTokens,
  localPseudonymKey,
  localSyncToken,
} from './local-keys.ts';
import { type MountedFunctions, mountFunctions } from './mount-functions.ts';
import { platformRouter } from './router.ts';
import { printWelcome } from './welcome.ts';

const log = createLogger().child({ function: 'platform' });
const telemetry = await startTelemetry({ name: 'hoi-platform-local', version: '0.1.0' }, process.env);

const port = Number(process.env.PORT ?? 8080);
const found = await findFunctions();
const router = platformRouter(found.map((f) => f.manifest.name));
let started: MountedFunctions[] = [];

const running = await serveApp(router.app, {
  port,
  hostname: process.env.HOST ?? '127.0.0.1',
  onShutdown: async () => {
    for (const group of started) await group.close();
    await telemetry.shutdown();
    log.info('stopped');
  },
});
log.info('listening', { port: running.port });
const base = `http://127.0.0.1:${running.port}`;
const auditDir = defaultAuditDir(process.env);
const env = {
  AUTHZ_MODE: 'embedded',
  AUTH_DEV_KEY_FILE: DEV_KEY_FILE,
  PSEUDONYM_KEY: await localPseudonymKey(),
  SYNC_TOKEN: await localSyncToken(),
  ...(await localCorrespondenceTokens()),
  UPSTREAM_BASE_URL: `${base}/sandbox`,
  ...(auditDir ? { PGLITE_DIR: auditDir } : {}),
  ...process.env,
  PORT: String(running.port),
};
// The synthetic upstreams first: the other functions read the organisation from them at start.
const mount = (group: MountedFunctions) => {
  started = [group, ...started];
  for (const { name, app, failure } of group.mounted) {
    // One instance of each, as many requests inside at once as its Knative Service lets in.
    const concurrency = found.find((f) => f.manifest.name === name)!.manifest.scaling.containerConcurrency;
    if (app)
      router.mount(name, limitConcurrency(withAccessLog(app, { logger: log, function: name }), concurrency));
    else router.fail(name, failure!);
  }
  return group;
};
const sandboxes = mount(
  await mountFunctions(
    found.filter((f) => f.manifest.sandbox),
    env,
  ),
);
const functions = mount(
  await mountFunctions(
    found.filter((f) => !f.manifest.sandbox),
    env,
  ),
);
printWelcome(base, {
  data: loadSandboxConfig(env).data,
  functions: found.map((f) => f.manifest),
  failures: [...sandboxes.mounted, ...functions.mounted].filter((m) => m.failure),
  ...(auditDir ? { auditDir } : {}),
});
log.info('ready', { port: running.port });
