import { readFile } from 'node:fs/promises';
import { loadDevelopmentModule } from './development-module.ts';

/**
 * Reads a policy document: the YAML security reviews (`policies/*.yaml`), or
 * the JSON `npm run build` compiles from it (`dist/policies/*.json`), which a
 * function's image reads so its cold start does not load a YAML parser.
 * Either way the caller validates the result with its schema.
 */
export async function readPolicyDocument(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8');
  if (path.endsWith('.json')) return JSON.parse(text);
  const { parseYaml } = await loadDevelopmentModule(
    () => import('./yaml-document.ts'),
    `${path}: this build reads compiled policies: point the setting at dist/policies/<name>.json`,
  );
  return parseYaml(text);
}
