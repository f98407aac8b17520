import { createHash, timingSafeEqual } from 'node:crypto';
import type { Hono, MiddlewareHandler } from 'hono';
import type { Kit } from '../kit/kit.ts';
import { AppError, unauthorized } from '../runtime/http/app-error.ts';
import { createFunctionApp } from '../runtime/http/create-function-app.ts';
import type { AuthzSyncDeps } from './deps.ts';
import { manifest } from './manifest.ts';
import { runSync } from './sync.ts';

/**
 * The job that keeps the OpenFGA store's organisation in step with FK
 * Organisation and SOR. Called on a schedule with a shared secret: the caller
 * is infrastructure, not a person, so there is no user token to check.
 */
/** Its own settings, for a check of a deployment's environment without starting it. */
export { loadSettings as checkSettings } from './settings.ts';

export async function createApp(kit: Kit): Promise<Hono> {
  const { buildAuthzSyncDeps } = await import('./wiring.ts');
  return createAuthzSyncApp(await buildAuthzSyncDeps(kit));
}

/** The app over dependencies built by `createApp` or a test. */
export function createAuthzSyncApp(deps: AuthzSyncDeps): Hono {
  if (deps.syncToken.length < 32) throw new RangeError('syncToken must hold at least 32 characters');
  const share = deps.maxDeleteShare ?? 0.2;
  if (!(share >= 0 && share <= 1)) throw new RangeError('maxDeleteShare must lie between 0 and 1');
  // A sync of a large store outlives the default 10 s request deadline.
  const app = createFunctionApp({
    name: manifest.name,
    requestTimeoutMs: manifest.scaling.timeoutSeconds * 1000,
  });
  app.use('/v1/*', sharedSecret(deps.syncToken));
  // Two syncs interleaving their writes and deletes could each undo the other's: one at a time.
  let running = false;
  app.post('/v1/sync', async (c) => {
    if (running) throw new AppError(409, 'sync_in_progress', 'A sync is already running');
    running = true;
    try {
      return c.json(await runSync(deps));
    } finally {
      running = false;
    }
  });
  return app;
}

function sharedSecret(secret: string): MiddlewareHandler {
  const expected = digest(secret);
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (!header?.startsWith('Bearer ')) throw unauthorized('missing_token', 'A bearer token is required');
    // Digests have equal length, so the comparison takes the same time whatever was sent.
    if (!timingSafeEqual(digest(header.slice('Bearer '.length)), expected)) {
      throw unauthorized('invalid_token', 'The token is not valid');
    }
    await next();
  };
}

const digest = (value: string) => createHash('sha256').update(value).digest();
