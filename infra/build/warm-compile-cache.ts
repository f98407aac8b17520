/**
 * Fills Node's compile cache (`NODE_COMPILE_CACHE`) for every function bundle
 * in a `dist/` folder, so a container's cold start reads V8 code from the
 * cache instead of compiling it (a small gain: `npm run bench` shows it). The Containerfile runs it,
 * bundled as `dist/warm-compile-cache.js`, in the final image as the user the
 * functions run as: Node keys the cache folder by uid and by each file's path
 * and content, and reads it on a read-only root file system.
 *
 * It imports each lazily loaded chunk (`dist/<function>/*.js`); those only
 * define modules. The entries themselves (`dist/<function>.js`) start a server
 * and are a few KiB: they are left out. A chunk that imports a package the image
 * does not carry (build.ts `DEVELOPMENT_PACKAGES`: PGlite, the DSL and YAML
 * parsers) can never load there, so it is skipped and counted.
 */
import { readdir } from 'node:fs/promises';
import { flushCompileCache, getCompileCacheDir } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEVELOPMENT_PACKAGES } from './packages.ts';

export async function warmCompileCache(distDir: string): Promise<{ warmed: number; skipped: number }> {
  if (!getCompileCacheDir()) throw new Error('NODE_COMPILE_CACHE is not set: nothing would be cached');
  let warmed = 0;
  let skipped = 0;
  for (const item of await readdir(distDir, { withFileTypes: true })) {
    if (!item.isDirectory()) continue;
    const dir = join(distDir, item.name);
    for (const file of (await readdir(dir)).filter((f) => f.endsWith('.js')).sort()) {
      try {
        await import(pathToFileURL(join(dir, file)).href);
        warmed++;
      } catch (error) {
        const missing = (error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND';
        if (!missing || !DEVELOPMENT_PACKAGES.some((p) => (error as Error).message.includes(`'${p}'`)))
          throw error;
        skipped++;
      }
    }
  }
  flushCompileCache();
  return { warmed, skipped };
}

if (import.meta.main) {
  const distDir = resolve(process.argv[2] ?? 'dist');
  try {
    const { warmed, skipped } = await warmCompileCache(distDir);
    console.log(
      `compile cache: ${warmed} modules of ${distDir} in ${getCompileCacheDir()} (${skipped} skipped: they import a package this image does not carry)`,
    );
  } catch (error) {
    console.error(`compile cache not written: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
