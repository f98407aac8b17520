import { createApp } from '../../../functions/case-lookup/app.ts';
import { manifest } from '../../../functions/case-lookup/manifest.ts';
import { createKit } from '../../../functions/kit/create-kit.ts';
import type { Kit } from '../../../functions/kit/kit.ts';
import { serveApp } from '../../../functions/runtime/http/serve.ts';

/**
 * case-lookup built from the environment exactly as the platform builds it,
 * served on a loopback port in this process, with one component taken down
 * by `breakIt` first: how the embedded stand-ins (an in-process evaluator,
 * PGlite) fail, since no socket can be cut between them and the function.
 * Answers the base URL `during` sends its requests to.
 */
export async function withBrokenCaseLookup<T>(
  env: Readonly<Record<string, string>>,
  breakIt: (kit: Kit) => Promise<void>,
  during: (caseLookupUrl: string) => Promise<T>,
): Promise<T> {
  const started = await createKit(manifest, env);
  const running = await serveApp(await createApp(started.kit), {
    port: 0,
    hostname: '127.0.0.1',
    signals: [],
    drainMs: 1000,
  });
  try {
    await breakIt(started.kit);
    return await during(`http://127.0.0.1:${running.port}`);
  } finally {
    await running.shutdown();
    await started.close();
  }
}
