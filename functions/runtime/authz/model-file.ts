import { readFile } from 'node:fs/promises';
import type { AuthorizationModel } from '../../openfga-embedded/vocabulary/types.ts';
import { loadDevelopmentModule } from '../config/development-module.ts';

/**
 * Reads the model a function runs with. A `.json` file (the model compiled at
 * build time, `npm run build` writes `dist/authorization-model.json`) is read
 * as is, so a function's start does not load the DSL parser; a `.fga` file or
 * an `fga.mod` manifest is compiled on the spot.
 */
export async function readModelFile(path: string): Promise<AuthorizationModel> {
  if (!path.endsWith('.json')) {
    const { loadModel } = await loadDevelopmentModule(
      () => import('./model.ts'),
      `${path}: this build reads the compiled model: set AUTHZ_MODEL_FILE to dist/authorization-model.json`,
    );
    return loadModel(path);
  }
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: cannot read the compiled authorization model`, { cause: error });
  }
  const model = json as Partial<AuthorizationModel>;
  if (typeof model.schema_version !== 'string' || !Array.isArray(model.type_definitions)) {
    throw new Error(`${path}: not an authorization model (schema_version, type_definitions)`);
  }
  return model as AuthorizationModel;
}
