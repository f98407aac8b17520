/** authz-sync as a process (one Knative Service); SIGTERM lets a sync in flight finish. See `runFunction`. */
import { runFunction } from '../core/http/run-function.ts';
import { AUTHZ_SYNC } from './manifest.ts';

await runFunction(AUTHZ_SYNC.name, async (env) => {
  const { buildAuthzSyncDeps } = await import('./wiring.ts');
  const { createAuthzSyncApp } = await import('./app.ts');
  return { app: createAuthzSyncApp(await buildAuthzSyncDeps(env)) };
});
