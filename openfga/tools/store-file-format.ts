import { readFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { parse } from 'yaml';
import { loadModel, modelFromDsl } from '../../functions/core/authz/model.ts';
import type { AuthorizationModel, TupleKey } from '../../functions/core/authz/types.ts';
import { parseTupleCsv } from './store-file-csv.ts';
import { StoreFileError } from './store-file-error.ts';

export { StoreFileError };

/**
 * The `fga model test` store file (`*.fga.yaml`), parsed strictly: unknown keys
 * and missing required keys are errors naming the place, as the CLI's schema
 * rejects them. Model and tuple files are resolved relative to the store file.
 */
export interface StoreFile {
  readonly path: string;
  readonly name: string;
  readonly model: AuthorizationModel;
  /** Tuples every test starts from. */
  readonly tuples: readonly TupleKey[];
  readonly tests: readonly StoreFileTest[];
}

export interface StoreFileTest {
  readonly name: string;
  readonly description?: string;
  /** Tuples added for this test only. */
  readonly tuples: readonly TupleKey[];
  readonly check: readonly StoreFileCheck[];
  readonly listObjects: readonly StoreFileListObjects[];
  readonly listUsers: readonly StoreFileListUsers[];
}

/** One Check per user × object × relation in `assertions`. */
export interface StoreFileCheck {
  readonly users: readonly string[];
  readonly objects: readonly string[];
  readonly context?: Readonly<Record<string, unknown>>;
  readonly contextualTuples?: readonly TupleKey[];
  readonly assertions: Readonly<Record<string, boolean>>;
}

export interface StoreFileListObjects {
  readonly user: string;
  readonly type: string;
  readonly context?: Readonly<Record<string, unknown>>;
  readonly contextualTuples?: readonly TupleKey[];
  /** Expected objects per relation. */
  readonly assertions: Readonly<Record<string, readonly string[]>>;
}

export interface StoreFileListUsers {
  readonly object: string;
  readonly userFilter: readonly { readonly type: string; readonly relation?: string }[];
  readonly context?: Readonly<Record<string, unknown>>;
  readonly contextualTuples?: readonly TupleKey[];
  /** Expected users per relation. */
  readonly assertions: Readonly<Record<string, readonly string[]>>;
}

type Json = Record<string, unknown>;

export async function loadStoreFile(path: string): Promise<StoreFile> {
  const doc = object(parseYaml(await readText(path), path), path);
  const where = (place: string) => `${path}: ${place}`;
  only(
    doc,
    ['name', 'model', 'model_file', 'tuples', 'tuple_file', 'tuple_files', 'tests'],
    where('top level'),
  );
  const base = dirname(path);
  // The whole file is checked before any model or tuple file is read.
  const tests = await Promise.all(
    list(doc.tests, where('tests')).map((test, i) =>
      parseTest(object(test, where(`tests[${i}]`)), base, where(`tests[${i}]`), i),
    ),
  );
  const tuples = await tupleSources(doc, base, where(''));
  let model: AuthorizationModel;
  if (typeof doc.model === 'string') model = modelFromDsl(doc.model, path);
  else if (typeof doc.model_file === 'string') model = await loadModel(resolve(base, doc.model_file));
  else throw new StoreFileError(where("'model' or 'model_file' is required"));
  return { path, name: typeof doc.name === 'string' ? doc.name : path, model, tuples, tests };
}

async function parseTest(test: Json, base: string, where: string, index: number): Promise<StoreFileTest> {
  only(
    test,
    ['name', 'description', 'tuples', 'tuple_file', 'tuple_files', 'check', 'list_objects', 'list_users'],
    where,
  );
  // The CLI does not require a test name; unnamed tests are told apart by position.
  const name = test.name === undefined ? `test ${index + 1}` : text(test.name, `${where}.name`);
  return {
    name,
    ...(typeof test.description === 'string' ? { description: test.description } : {}),
    tuples: await tupleSources(test, base, where),
    check: optionalList(test.check, `${where}.check`).map((entry, i) =>
      parseCheck(object(entry, `${where}.check[${i}]`), `${where}.check[${i}]`),
    ),
    listObjects: optionalList(test.list_objects, `${where}.list_objects`).map((entry, i) =>
      parseListObjects(object(entry, `${where}.list_objects[${i}]`), `${where}.list_objects[${i}]`),
    ),
    listUsers: optionalList(test.list_users, `${where}.list_users`).map((entry, i) =>
      parseListUsers(object(entry, `${where}.list_users[${i}]`), `${where}.list_users[${i}]`),
    ),
  };
}

function parseCheck(entry: Json, where: string): StoreFileCheck {
  only(entry, ['user', 'users', 'object', 'objects', 'context', 'contextual_tuples', 'assertions'], where);
  const assertions = object(entry.assertions, `${where}.assertions`);
  for (const [relation, expected] of Object.entries(assertions)) {
    if (typeof expected !== 'boolean')
      throw new StoreFileError(`${where}.assertions.${relation}: expected true or false`);
  }
  return {
    users: oneOrMany(entry.user, entry.users, `${where}.user`),
    objects: oneOrMany(entry.object, entry.objects, `${where}.object`),
    ...requestExtras(entry, where),
    assertions: assertions as Record<string, boolean>,
  };
}

function parseListObjects(entry: Json, where: string): StoreFileListObjects {
  only(entry, ['user', 'type', 'relation', 'context', 'contextual_tuples', 'assertions'], where);
  const assertions = object(entry.assertions, `${where}.assertions`);
  return {
    user: text(entry.user, `${where}.user`),
    type: text(entry.type, `${where}.type`),
    ...requestExtras(entry, where),
    assertions: mapValues(assertions, (value, relation) => strings(value, `${where}.assertions.${relation}`)),
  };
}

function parseListUsers(entry: Json, where: string): StoreFileListUsers {
  only(entry, ['object', 'user_filter', 'context', 'contextual_tuples', 'assertions'], where);
  const filters = list(entry.user_filter, `${where}.user_filter`).map((filter, i) => {
    const f = object(filter, `${where}.user_filter[${i}]`);
    only(f, ['type', 'relation'], `${where}.user_filter[${i}]`);
    const type = text(f.type, `${where}.user_filter[${i}].type`);
    return typeof f.relation === 'string' && f.relation !== '' ? { type, relation: f.relation } : { type };
  });
  const assertions = object(entry.assertions, `${where}.assertions`);
  return {
    object: text(entry.object, `${where}.object`),
    userFilter: filters,
    ...requestExtras(entry, where),
    assertions: mapValues(assertions, (value, relation) => {
      const expected = object(value, `${where}.assertions.${relation}`);
      only(expected, ['users'], `${where}.assertions.${relation}`);
      return expected.users === undefined || expected.users === null
        ? []
        : strings(expected.users, `${where}.assertions.${relation}.users`);
    }),
  };
}

function requestExtras(entry: Json, where: string) {
  return {
    ...(entry.context === undefined || entry.context === null
      ? {}
      : { context: object(entry.context, `${where}.context`) }),
    ...(entry.contextual_tuples === undefined
      ? {}
      : { contextualTuples: tuples(entry.contextual_tuples, `${where}.contextual_tuples`) }),
  };
}

async function tupleSources(holder: Json, base: string, where: string): Promise<TupleKey[]> {
  const files = [
    ...(typeof holder.tuple_file === 'string' ? [holder.tuple_file] : []),
    ...optionalList(holder.tuple_files, `${where} tuple_files`).map((file, i) =>
      text(file, `${where} tuple_files[${i}]`),
    ),
  ];
  const fromFiles = await Promise.all(files.map((file) => readTupleFile(resolve(base, file))));
  return [
    ...fromFiles.flat(),
    ...(holder.tuples === undefined || holder.tuples === null
      ? []
      : tuples(holder.tuples, `${where} tuples`)),
  ];
}

async function readTupleFile(path: string): Promise<TupleKey[]> {
  const content = await readText(path);
  if (extname(path) === '.csv') return parseTupleCsv(content, path);
  return tuples(parseYaml(content, path), path);
}

function tuples(value: unknown, where: string): TupleKey[] {
  return list(value, where).map((entry, i) => {
    const place = `${where}[${i}]`;
    const tuple = object(entry, place);
    only(tuple, ['user', 'relation', 'object', 'condition'], place);
    const key = {
      user: text(tuple.user, `${place}.user`),
      relation: text(tuple.relation, `${place}.relation`),
      object: text(tuple.object, `${place}.object`),
    };
    if (tuple.condition === undefined || tuple.condition === null) return key;
    const condition = object(tuple.condition, `${place}.condition`);
    only(condition, ['name', 'context'], `${place}.condition`);
    const name = text(condition.name, `${place}.condition.name`);
    return {
      ...key,
      condition:
        condition.context === undefined || condition.context === null
          ? { name }
          : { name, context: object(condition.context, `${place}.condition.context`) },
    };
  });
}

function parseYaml(content: string, path: string): unknown {
  try {
    return parse(content, { version: '1.2' });
  } catch (error) {
    throw new StoreFileError(`${path}: not valid YAML: ${(error as Error).message}`, { cause: error });
  }
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new StoreFileError(`${path}: cannot read file`, { cause: error });
  }
}

function only(value: Json, keys: readonly string[], where: string): void {
  for (const key of Object.keys(value))
    if (!keys.includes(key)) throw new StoreFileError(`${where}: unknown key '${key}'`);
}

function object(value: unknown, where: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new StoreFileError(`${where}: expected a mapping`);
  return value as Json;
}

function list(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new StoreFileError(`${where}: expected a list`);
  return value;
}

function optionalList(value: unknown, where: string): unknown[] {
  return value === undefined || value === null ? [] : list(value, where);
}

function text(value: unknown, where: string): string {
  if (typeof value !== 'string' || value === '')
    throw new StoreFileError(`${where}: expected a non-empty string`);
  return value;
}

function strings(value: unknown, where: string): string[] {
  if (value === null || value === undefined) return [];
  return list(value, where).map((item, i) => text(item, `${where}[${i}]`));
}

/** `user: a` or `users: [a, b]` (likewise `object`/`objects`): exactly one form, never empty. */
function oneOrMany(one: unknown, many: unknown, where: string): string[] {
  if (one !== undefined && many !== undefined)
    throw new StoreFileError(`${where}: give the single or the list form, not both`);
  if (one !== undefined) return [text(one, where)];
  const values = strings(many, `${where}s`);
  if (values.length === 0) throw new StoreFileError(`${where}: required`);
  return values;
}

function mapValues<T>(value: Json, map: (value: unknown, key: string) => T): Record<string, T> {
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, map(item, key)]));
}
