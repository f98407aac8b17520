import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { errors, transformer, validator } from '@openfga/syntax-transformer';
import type { AuthorizationModel } from '../../openfga-embedded/vocabulary/types.ts';

/** A model file could not be read or is not a valid OpenFGA model; the message names the file. */
export class ModelError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelError';
  }
}

/**
 * Parses OpenFGA DSL (`model\n  schema 1.1\ntype user ...`) into the model JSON
 * the API takes, after the language's syntax and semantic validation.
 * `source` names the text in error messages.
 */
export function modelFromDsl(dsl: string, source = 'model'): AuthorizationModel {
  try {
    validateDsl(dsl);
    return toModel(transformer.transformDSLToJSONObject(dsl));
  } catch (error) {
    throw new ModelError(`${source}: invalid model: ${describe(error)}`, { cause: error });
  }
}

/**
 * The language validator reports syntax and semantic errors as its own error
 * classes; it also crashes on some valid models (a conditional tupleset in
 * 0.2.2), and those crashes say nothing about the model, so they are ignored.
 */
function validateDsl(dsl: string): void {
  try {
    validator.validateDSL(dsl);
  } catch (error) {
    if (error instanceof errors.DSLSyntaxError || error instanceof errors.ModelValidationError) throw error;
  }
}

/**
 * Reads a model file: a `.fga` DSL file, or an `fga.mod` manifest whose
 * `contents` list the module files of a modular model (schema 1.2).
 */
export async function loadModel(path: string): Promise<AuthorizationModel> {
  const text = await readText(path);
  if (basename(path) !== 'fga.mod') return modelFromDsl(text, path);
  let manifest: ReturnType<typeof transformer.transformModFileToJSON>;
  try {
    manifest = transformer.transformModFileToJSON(text);
  } catch (error) {
    throw new ModelError(`${path}: invalid fga.mod: ${describe(error)}`, { cause: error });
  }
  const files = await Promise.all(
    manifest.contents.value.map(async (entry) => ({
      name: entry.value,
      contents: await readText(resolve(dirname(path), entry.value)),
    })),
  );
  try {
    return toModel(transformer.transformModuleFilesToModel(files, manifest.schema.value));
  } catch (error) {
    throw new ModelError(`${path}: invalid modular model: ${describe(error)}`, { cause: error });
  }
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new ModelError(`${path}: cannot read model file: ${describe(error)}`, { cause: error });
  }
}

function toModel(json: {
  schema_version?: string;
  type_definitions?: unknown;
  conditions?: unknown;
}): AuthorizationModel {
  return {
    schema_version: json.schema_version ?? '',
    type_definitions: (json.type_definitions ?? []) as readonly unknown[],
    ...(json.conditions && Object.keys(json.conditions).length > 0
      ? { conditions: json.conditions as Readonly<Record<string, unknown>> }
      : {}),
  };
}

/** The language library gathers several problems in one error; name each of them. */
function describe(error: unknown): string {
  const inner = (error as { errors?: unknown }).errors;
  if (Array.isArray(inner) && inner.length > 0) return inner.map(describe).join('; ');
  return error instanceof Error ? error.message : String(error);
}
