/**
 * Runs `fga model test` store files (`*.fga.yaml`) against any authorizer.
 *
 *   const file = await loadStoreFile('openfga/tests/health.fga.yaml');
 *   const results = await runStoreFile(file, embeddedAuthorizerFactory);
 *   const failed = results.filter((r) => !r.pass && r.skipped === undefined);
 *
 * Like the CLI, each test gets a fresh store from the factory holding the
 * file's tuples plus the test's own; every relation of every assertion is one
 * request and yields one AssertionResult. ListUsers runs only when the
 * authorizer has a `listUsers` method (it is not part of the port).
 */

import type { ListUsersRequest } from '../../functions/openfga-embedded/index.ts';
import type { StoreFixture } from '../../functions/openfga-embedded/vocabulary/types.ts';
import type { Authorizer } from '../../functions/runtime/authz/port.ts';
import { loadStoreFile, type StoreFile, type StoreFileTest } from './store-file-format.ts';

export type { ListUsersRequest } from '../../functions/openfga-embedded/index.ts';
export type { StoreFile, StoreFileTest } from './store-file-format.ts';
export { loadStoreFile, StoreFileError } from './store-file-format.ts';

/** Builds a fresh authorizer holding exactly the fixture's model and tuples. */
export type AuthorizerFactory = (fixture: StoreFixture) => Promise<Authorizer>;

/** An authorizer that can also answer ListUsers (`user:anne`, `user:*`, `group:eng#member`). */
export interface ListUsersCapable {
  listUsers(request: ListUsersRequest): Promise<{ readonly users: readonly string[] }>;
}

/** `store_file`: whether the file itself loads, for files that are meant to be rejected. */
export type AssertionKind = 'check' | 'list_objects' | 'list_users' | 'store_file';

/** An expected or actual answer: allowed, a list of objects or users, or an error code. */
export type Answer = boolean | readonly string[] | { readonly error: string };

export interface AssertionResult {
  readonly file: string;
  readonly test: string;
  readonly kind: AssertionKind;
  /** The user asked about; for list_users the user filters, e.g. `user, group#member`. */
  readonly user: string;
  readonly relation: string;
  /** The object asked about; for list_objects the object type. */
  readonly object: string;
  readonly expected: Answer;
  /** Undefined when the assertion was skipped. */
  readonly actual: Answer | undefined;
  readonly pass: boolean;
  /** Why the assertion was not run. */
  readonly skipped?: string;
  /** More about a failure than expected and actual show. */
  readonly note?: string;
}

/** Runs every assertion of `file` (a path or a loaded store file), one fresh authorizer per test. */
export async function runStoreFile(
  file: StoreFile | string,
  factory: AuthorizerFactory,
): Promise<AssertionResult[]> {
  const store = typeof file === 'string' ? await loadStoreFile(file) : file;
  const results: AssertionResult[] = [];
  for (const test of store.tests) results.push(...(await runTest(store, test, factory)));
  return results;
}

async function runTest(
  file: StoreFile,
  test: StoreFileTest,
  factory: AuthorizerFactory,
): Promise<AssertionResult[]> {
  const results: AssertionResult[] = [];
  let authorizer: Authorizer | undefined;
  let setupError: { error: string } | undefined;
  try {
    authorizer = await factory({ model: file.model, tuples: [...file.tuples, ...test.tuples] });
  } catch (error) {
    setupError = errorAnswer(error);
  }
  const ask = async (question: () => Promise<Answer>): Promise<Answer> => {
    if (setupError !== undefined) return setupError;
    try {
      return await question();
    } catch (error) {
      return errorAnswer(error);
    }
  };
  const record = (partial: Omit<AssertionResult, 'file' | 'test' | 'pass'>) =>
    results.push({
      file: file.path,
      test: test.name,
      ...partial,
      pass: partial.skipped === undefined && sameAnswer(partial.expected, partial.actual),
    });

  for (const check of test.check) {
    for (const user of check.users) {
      for (const object of check.objects) {
        for (const [relation, expected] of Object.entries(check.assertions)) {
          const actual = await ask(async () => {
            const request = {
              user,
              relation,
              object,
              contextualTuples: check.contextualTuples,
              context: check.context,
            };
            return (await authorizer!.check(request)).allowed;
          });
          record({ kind: 'check', user, relation, object, expected, actual });
        }
      }
    }
  }
  for (const list of test.listObjects) {
    for (const [relation, expected] of Object.entries(list.assertions)) {
      const actual = await ask(async () => {
        const request = {
          user: list.user,
          relation,
          type: list.type,
          contextualTuples: list.contextualTuples,
          context: list.context,
        };
        return (await authorizer!.listObjects(request)).objects;
      });
      record({ kind: 'list_objects', user: list.user, relation, object: list.type, expected, actual });
    }
  }
  for (const list of test.listUsers) {
    const user = list.userFilter.map((f) => (f.relation ? `${f.type}#${f.relation}` : f.type)).join(', ');
    for (const [relation, expected] of Object.entries(list.assertions)) {
      const base = { kind: 'list_users' as const, user, relation, object: list.object, expected };
      if (setupError === undefined && !canListUsers(authorizer)) {
        record({ ...base, actual: undefined, skipped: 'the authorizer does not implement ListUsers' });
        continue;
      }
      const actual = await ask(async () => {
        const request = {
          object: list.object,
          relation,
          userFilters: list.userFilter,
          contextualTuples: list.contextualTuples,
          context: list.context,
        };
        return (await (authorizer as unknown as ListUsersCapable).listUsers(request)).users;
      });
      record({ ...base, actual });
    }
  }
  await authorizer?.close();
  return results;
}

export function canListUsers(authorizer: unknown): authorizer is ListUsersCapable {
  return typeof (authorizer as Partial<ListUsersCapable> | undefined)?.listUsers === 'function';
}

/** Lists compare as multisets (order is free, duplicates count), as OpenFGA's ElementsMatch does. */
export function sameAnswer(expected: Answer, actual: Answer | undefined): boolean {
  if (actual === undefined) return false;
  if (Array.isArray(expected) && Array.isArray(actual)) {
    return (
      expected.length === actual.length && [...expected].sort().join('\n') === [...actual].sort().join('\n')
    );
  }
  if (
    typeof expected === 'object' &&
    typeof actual === 'object' &&
    !Array.isArray(expected) &&
    !Array.isArray(actual)
  ) {
    return (expected as { error: string }).error === (actual as { error: string }).error;
  }
  return expected === actual;
}

/** An error as an answer: AuthzError's numeric OpenFGA code when it has one, else its name or message. */
export function errorAnswer(error: unknown): { error: string } {
  const numeric = (error as { numericCode?: number }).numericCode;
  if (typeof numeric === 'number') return { error: String(numeric) };
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return { error: code };
  return { error: error instanceof Error ? error.message : String(error) };
}
