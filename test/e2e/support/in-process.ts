import { createCaseLookupApp } from '../../../functions/case-lookup/app.ts';
import type { CaseLookupDeps } from '../../../functions/case-lookup/deps.ts';
import { buildCaseLookupDeps } from '../../../functions/case-lookup/wiring.ts';
import type { Database } from '../../../functions/core/db/database.ts';
import { serveApp } from '../../../functions/core/http/serve.ts';

/**
 * case-lookup wired from the environment exactly as the platform wires it,
 * served on a loopback port in this process, with one component taken down
 * by `breakIt` first: how the embedded stand-ins (an in-process evaluator,
 * PGlite) fail, since no socket can be cut between them and the function.
 * Answers the base URL `during` sends its requests to.
 */
export async function withBrokenCaseLookup<T>(
  env: Readonly<Record<string, string>>,
  breakIt: (built: { deps: CaseLookupDeps; database: Database }) => Promise<void>,
  during: (caseLookupUrl: string) => Promise<T>,
): Promise<T> {
  const built = await buildCaseLookupDeps(env);
  const running = await serveApp(createCaseLookupApp(built.deps), {
    port: 0,
    hostname: '127.0.0.1',
    signals: [],
    drainMs: 1000,
  });
  try {
    await breakIt(built);
    return await during(`http://127.0.0.1:${running.port}`);
  } finally {
    await running.shutdown();
    await built.deps.authorizer.close();
    await built.database.close();
  }
}
