/**
 * `node dist/openfga-bootstrap.js`: the Job that makes sure OpenFGA holds the store
 * and model the functions run with and publishes their ids (ConfigMap
 * `openfga-store`). Exit 0 when done, 1 on any failure, naming what failed.
 */
import { readModelFile } from '../../runtime/authz/model-file.ts';
import { ConfigError } from '../../runtime/config/parse-env.ts';
import { createLogger } from '../../runtime/log/logger.ts';
import { BootstrapError, bootstrapStore } from './bootstrap.ts';
import { loadBootstrapConfig } from './config.ts';
import { configMapPublisher } from './config-map.ts';
import { openFgaAdmin } from './openfga-admin.ts';

const logger = createLogger().child({ function: 'openfga-bootstrap' });
try {
  const config = await loadBootstrapConfig(process.env);
  const result = await bootstrapStore({
    admin: openFgaAdmin(config.fga),
    publisher: configMapPublisher({ ...config.configMap, timeoutMs: config.fga.timeoutMs }),
    storeName: config.storeName,
    model: await readModelFile(config.modelFile),
    logger,
    waitMs: config.waitMs,
  });
  logger.info(
    `store ${result.storeId}${result.storeCreated ? ' created' : ''}, model ${result.modelId}` +
      `${result.modelWritten ? ' written' : ' unchanged'}, ConfigMap ${result.published}`,
  );
} catch (error) {
  const known = error instanceof ConfigError || error instanceof BootstrapError;
  logger.fatal(
    known ? error.message : `bootstrap failed: ${error instanceof Error ? error.message : 'unknown'}`,
  );
  process.exitCode = 1;
}
