/**
 * `npm start`: the whole platform on one port on embedded defaults — every
 * function found under `functions/` (a folder with a manifest) served under
 * `/<function-name>/`, the sandbox upstreams first, the embedded OpenFGA
 * evaluator loaded by the production organisation sync, PGlite for the audit
 * log, and the development identity provider. One access-log line per request
 * (JSON on stdout), telemetry when `OTEL_*` asks for it; `PORT=0` takes a free
 * port. Ctrl-C stops it cleanly.
 */
import { createLogger } from '../runtime/log/logger.ts';
import { startTelemetry } from '../runtime/telemetry/start-telemetry.ts';
import {
  DEV_KEY_FILE,
  defaultAuditDir,
  localCorrespondenceTokens,
  localPseudonymKey,
  localSyncToken,
} from './local-keys.ts';
import { startLocalPlatform } from './start-platform.ts';
import { printWelcome } from './welcome.ts';

const log = createLogger().child({ function: 'platform' });
const telemetry = await startTelemetry({ name: 'hoi-platform-local', version: '0.1.0' }, process.env);
const auditDir = defaultAuditDir(process.env);
const platform = await startLocalPlatform({
  port: Number(process.env.PORT ?? 8080),
  hostname: process.env.HOST ?? '127.0.0.1',
  logger: log,
  env: {
    AUTHZ_MODE: 'embedded',
    AUTH_DEV_KEY_FILE: DEV_KEY_FILE,
    PSEUDONYM_KEY: await localPseudonymKey(),
    SYNC_TOKEN: await localSyncToken(),
    ...(await localCorrespondenceTokens()),
    ...(auditDir ? { PGLITE_DIR: auditDir } : {}),
    ...process.env,
  },
  onStopped: async () => {
    await telemetry.shutdown();
    log.info('stopped');
  },
});
log.info('listening', { port: platform.port });
printWelcome(platform.base, { ...platform, ...(auditDir ? { auditDir } : {}) });
log.info('ready', { port: platform.port });
