import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * MedCom's published example messages, which live beside the repository in
 * ../shared (conformance/medcom/README.md). Tests that read them skip with
 * `medcomMissing` locally when the folder is absent; in CI a missing folder
 * fails them.
 */
const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
export const medcomData = join(repositoryRoot, '../shared/conformance/medcom');
export const haveMedcomData = existsSync(medcomData);
export const medcomMissing = `${relative(repositoryRoot, medcomData)} (${medcomData}) is missing`;

/** Every file under `dir` whose name ends with `ext`, sub-folders included, in name order. */
export function medcomFiles(ext: string, dir = medcomData): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return medcomFiles(ext, path);
      return name.endsWith(ext) ? [path] : [];
    });
}
