import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FunctionManifest } from './define-function.ts';
import type { FunctionModule } from './run-function.ts';

/** The folder that holds the functions (and the kit's rooms, which have no manifest). */
export const FUNCTIONS_DIR = join(import.meta.dirname, '..');

export interface FoundFunction {
  readonly manifest: FunctionManifest;
  /** Imports the function's `app.ts`. */
  readonly load: () => Promise<FunctionModule>;
}

/**
 * Every function of `dir`: a folder with a `manifest.ts` exporting `manifest`
 * and an `app.ts` exporting `createApp`. Adding a function is adding a folder;
 * no file outside it lists function names. Sorted by name.
 */
export async function findFunctions(dir = FUNCTIONS_DIR): Promise<FoundFunction[]> {
  const found: FoundFunction[] = [];
  for (const name of readdirSync(dir).sort()) {
    const manifestFile = join(dir, name, 'manifest.ts');
    if (!existsSync(manifestFile)) continue;
    const module = (await import(pathToFileURL(manifestFile).href)) as { manifest?: FunctionManifest };
    if (module.manifest?.name !== name) {
      throw new Error(`${name}/manifest.ts must export \`manifest\` (defineFunction) named "${name}"`);
    }
    const appFile = pathToFileURL(join(dir, name, 'app.ts')).href;
    found.push({ manifest: module.manifest, load: () => import(appFile) as Promise<FunctionModule> });
  }
  return found;
}
