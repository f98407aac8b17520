/**
 * `node dist/scheduled-call.js`: the program a function's CronJob runs (manifest
 * `schedules`). Exit 0 on a 2xx answer, 1 on anything else or a bad variable.
 */
import { ConfigError } from '../../runtime/config/parse-env.ts';
import { createLogger } from '../../runtime/log/logger.ts';
import { loadCallConfig, scheduledCall } from './call.ts';

const logger = createLogger().child({ function: 'scheduled-call' });
try {
  process.exitCode = (await scheduledCall(loadCallConfig(process.env), { logger })) ? 0 : 1;
} catch (error) {
  logger.fatal(error instanceof ConfigError ? error.message : 'scheduled call failed');
  process.exitCode = 1;
}
