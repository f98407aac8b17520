import { dirname, resolve } from 'node:path';
import type { AuthorizationModel, TupleKey } from '../../functions/openfga-embedded/vocabulary/types.ts';
import { loadModel, modelFromDsl } from '../../functions/runtime/authz/model.ts';
import { StoreFileError } from './store-file-error.ts';
import {
  type Json,
  list,
  mapValues,
  object,
  oneOrMany,
  only,
  optionalList,
  parseYaml,
  readText,
  strings,
  text,
} from './store-file-fields.ts';
import { tupleSources, tuples } from './store-file-tuples.ts';

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
