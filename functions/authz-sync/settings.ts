import * as z from 'zod/mini';
import type { Env } from '../kit/kit.ts';
import { loadAuthzConfig, type OpenFgaAuthzConfig } from '../runtime/authz/config.ts';
import { authzFilesShape } from '../runtime/authz/files-config.ts';
import { parseEnv } from '../runtime/config/parse-env.ts';

const schema = z.object({
  ...authzFilesShape,
  SYNC_TOKEN: z.string().check(z.minLength(32, 'must hold at least 32 characters')),
  SYNC_MAX_DELETE_SHARE: z._default(z.coerce.number().check(z.gte(0), z.lte(1)), 0.2),
});

export interface AuthzSyncSettings extends z.infer<typeof schema> {
  readonly fga: OpenFgaAuthzConfig;
}

/** authz-sync's own settings, parsed once at start; a bad value stops it naming the variable. */
export function loadSettings(env: Env): AuthzSyncSettings {
  const settings = parseEnv(schema, env);
  // The sync only ever talks to a real OpenFGA server: the embedded mode has no store to keep in step.
  const fga = loadAuthzConfig({ ...env, AUTHZ_MODE: 'openfga' });
  if (fga.mode !== 'openfga') throw new Error('unreachable: AUTHZ_MODE is forced to openfga');
  return { ...settings, fga };
}
