import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type FunctionManifest, ManifestError, parseManifest } from '../constructs/function-manifest.ts';

/**
 * Every `<functionsDir>/<name>/manifest.ts`, parsed: how infra finds functions, so a
 * new function directory with a manifest is all it takes to deploy it. A manifest
 * exports `manifest` (functions/kit/define-function.ts), whose `name` is its
 * directory's name. This is infra's only computed import, and it imports manifests
 * only (test/architecture.test.ts checks both, and that manifests import only data).
 */
export async function loadManifests(root: string, functionsDir = 'functions'): Promise<FunctionManifest[]> {
  const manifests: FunctionManifest[] = [];
  const dir = join(root, functionsDir);
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const path = join(dir, entry.name, 'manifest.ts');
    if (!entry.isDirectory() || !existsSync(path)) continue;
    const file = relative(root, path);
    const module: { manifest?: { name?: unknown } } = await import(pathToFileURL(path).href);
    if (module.manifest?.name !== entry.name) {
      throw new ManifestError(`${file}: exports no \`manifest\` whose name is "${entry.name}"`);
    }
    manifests.push(parseManifest(file, module.manifest));
  }
  return manifests;
}
