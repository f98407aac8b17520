/** case-lookup as a process (one Knative Service); see `runFunction`. */
import { runFunction } from '../core/http/run-function.ts';
import { CASE_LOOKUP } from './manifest.ts';

await runFunction(CASE_LOOKUP.name, async (env) => {
  const { buildCaseLookupDeps } = await import('./wiring.ts');
  const { createCaseLookupApp } = await import('./app.ts');
  const { deps, database } = await buildCaseLookupDeps(env);
  return {
    app: createCaseLookupApp(deps),
    close: async () => {
      await deps.authorizer.close();
      await database.close();
    },
  };
});
