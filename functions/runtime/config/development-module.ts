/**
 * Loads a module that only development and local runs use (PGlite, the OpenFGA
 * DSL parser, the YAML parser). Function bundles leave these packages out and the
 * image does not carry them (infra/build/build.ts `DEVELOPMENT_PACKAGES`): there,
 * a setting that needs one stops the start with what to set instead, not with
 * Node's bare "Cannot find package".
 */
export async function loadDevelopmentModule<T>(load: () => Promise<T>, instead: string): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new Error(`${instead} (this build leaves the package out: ${(error as Error).message})`, {
      cause: error,
    });
  }
}
