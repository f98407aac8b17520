import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type FunctionManifest, ManifestError, parseManifest } from '../constructs/function-manifest.ts';

/**
 * Every `<functionsDir>/<name>/manifest.ts`, parsed: the one place that finds functions,
 * so a new function directory with a manifest is all it takes to deploy it. A manifest
 * exports one object whose `name` is its directory's name.
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
    const module: Record<string, unknown> = await import(pathToFileURL(path).href);
    const data = Object.values(module).find(
      (value) =>
        typeof value === 'object' && value !== null && (value as { name?: unknown }).name === entry.name,
    );
    if (!data) throw new ManifestError(`${file}: exports no object whose name is "${entry.name}"`);
    manifests.push(parseManifest(file, data));
  }
  return manifests;
}
