import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import type { AuthorizationModel, TupleKey } from '../../functions/openfga-embedded/vocabulary/types.ts';
import { modelFromDsl } from '../../functions/runtime/authz/model.ts';
import {
  type Answer,
  type AssertionResult,
  errorAnswer,
  sameAnswer,
} from '../../openfga/tools/store-file.ts';

/**
 * Runs OpenFGA's server semantics tests (`assets/tests/*.yaml`: tests → stages
 * → model, tuples, assertions) the way upstream's runners do: one store per
 * test, stages in order on that store with earlier tuples kept, each stage's
 * assertions against that stage's model. Every test runs a second time as
 * `<name>_ctxTuples`, writing nothing and sending the stage's tuples as
 * contextual tuples, unless it has several stages or a stage holds more than
 * 100 tuples. A ListObjects result must match as a multiset and every object
 * in it must check true.
 */
export interface StagedStore {
  writeModel(model: AuthorizationModel): Promise<void>;
  write(tuples: readonly TupleKey[]): Promise<void>;
  check(request: Request & { object: string }): Promise<boolean>;
  listObjects(request: Request & { type: string }): Promise<readonly string[]>;
  /** Absent when the target does not implement ListUsers. */
  listUsers?(request: ListUsersQuery): Promise<readonly string[]>;
}

interface Request {
  readonly user: string;
  readonly relation: string;
  readonly contextualTuples: readonly TupleKey[];
  readonly context?: Readonly<Record<string, unknown>>;
}

export interface ListUsersQuery {
  readonly object: string;
  readonly relation: string;
  readonly userFilters: readonly { readonly type: string; readonly relation?: string }[];
  readonly contextualTuples: readonly TupleKey[];
  readonly context?: Readonly<Record<string, unknown>>;
}

export type StagedStoreFactory = () => Promise<StagedStore>;

const CONTEXTUAL_VARIANT_LIMIT = 100;

type Json = Record<string, unknown>;

/** True when `doc` looks like a server test file (tests with stages). */
export function isServerTestDocument(doc: unknown): boolean {
  const tests = field(doc, 'tests');
  return Array.isArray(tests) && tests.some((test) => Array.isArray(field(test, 'stages')));
}

export async function runServerTestFile(
  path: string,
  factory: StagedStoreFactory,
): Promise<AssertionResult[]> {
  const doc = parse(await readFile(path, 'utf8'), { version: '1.2' });
  const results: AssertionResult[] = [];
  for (const test of list(field(doc, 'tests'))) {
    const name = String(field(test, 'name'));
    const stages = list(field(test, 'stages'));
    results.push(...(await runVariant(path, name, stages, factory, false)));
    const contextual =
      stages.length === 1 &&
      stages.every((stage) => list(field(stage, 'tuples')).length <= CONTEXTUAL_VARIANT_LIMIT);
    if (contextual) results.push(...(await runVariant(path, `${name}_ctxTuples`, stages, factory, true)));
  }
  return results;
}

async function runVariant(
  file: string,
  test: string,
  stages: unknown[],
  factory: StagedStoreFactory,
  asContextual: boolean,
): Promise<AssertionResult[]> {
  const results: AssertionResult[] = [];
  const store = await factory();
  for (const stage of stages) {
    const tuples = list(field(stage, 'tuples')).map(tupleKey);
    let setup: { error: string } | undefined;
    try {
      await store.writeModel(modelFromDsl(String(field(stage, 'model')), `${file}: ${test}`));
      if (!asContextual && tuples.length > 0) await store.write(tuples);
    } catch (error) {
      setup = errorAnswer(error);
    }
    const stageTuples = asContextual ? tuples : [];
    const run = async (question: () => Promise<Answer>) => {
      if (setup !== undefined) return setup;
      try {
        return await question();
      } catch (error) {
        return errorAnswer(error);
      }
    };
    const base = { file, test };

    for (const assertion of list(field(stage, 'checkAssertions'))) {
      const key = field(assertion, 'tuple') as Json;
      const request = requestOf(assertion, stageTuples, {
        user: str(key, 'user'),
        relation: str(key, 'relation'),
      });
      const actual = await run(() => store.check({ ...request, object: str(key, 'object') }));
      const expected = expectedOf(assertion, Boolean(field(assertion, 'expectation')));
      const partial = {
        ...base,
        kind: 'check' as const,
        user: request.user,
        relation: request.relation,
        object: str(key, 'object'),
      };
      results.push({ ...partial, expected, actual, pass: sameAnswer(expected, actual) });
    }

    for (const assertion of list(field(stage, 'listObjectsAssertions'))) {
      const query = field(assertion, 'request') as Json;
      const request = requestOf(assertion, stageTuples, {
        user: str(query, 'user'),
        relation: str(query, 'relation'),
      });
      const type = str(query, 'type');
      const actual = await run(() => store.listObjects({ ...request, type }));
      const expected = expectedOf(assertion, strings(field(assertion, 'expectation')));
      let pass = sameAnswer(expected, actual);
      let note: string | undefined;
      if (pass && Array.isArray(actual)) {
        for (const object of actual as string[]) {
          const allowed = await run(() => store.check({ ...request, object }));
          if (allowed !== true) {
            pass = false;
            note = `returned ${object}, but Check answers ${JSON.stringify(allowed)}`;
          }
        }
      }
      const partial = {
        ...base,
        kind: 'list_objects' as const,
        user: request.user,
        relation: request.relation,
        object: type,
      };
      results.push({ ...partial, expected, actual, pass, ...(note === undefined ? {} : { note }) });
    }

    for (const assertion of list(field(stage, 'listUsersAssertions'))) {
      const query = field(assertion, 'request') as Json;
      const filters = strings(field(query, 'filters')).map((filter) => {
        const [type, relation] = filter.split('#') as [string, string | undefined];
        return relation === undefined ? { type } : { type, relation };
      });
      const relation = str(query, 'relation');
      const object = str(query, 'object');
      const expected = expectedOf(assertion, strings(field(assertion, 'expectation')));
      const partial = {
        ...base,
        kind: 'list_users' as const,
        user: strings(field(query, 'filters')).join(', '),
        relation,
        object,
        expected,
      };
      const listUsers = store.listUsers?.bind(store);
      if (listUsers === undefined) {
        results.push({
          ...partial,
          actual: undefined,
          pass: false,
          skipped: 'ListUsers is not implemented by the target',
        });
        continue;
      }
      const request = {
        ...requestOf(assertion, stageTuples, { user: '', relation }),
        object,
        userFilters: filters,
      };
      const actual = await run(() => listUsers(request));
      results.push({ ...partial, actual, pass: sameAnswer(expected, actual) });
    }
  }
  return results;
}

function requestOf(
  assertion: unknown,
  stageTuples: readonly TupleKey[],
  who: { user: string; relation: string },
): Request {
  const own = list(field(assertion, 'contextualTuples')).map(tupleKey);
  const context = field(assertion, 'context') as Readonly<Record<string, unknown>> | undefined | null;
  return { ...who, contextualTuples: [...stageTuples, ...own], ...(context ? { context } : {}) };
}

/** `errorCode` wins over `expectation`, as upstream ignores the expectation of a failing request. */
function expectedOf(assertion: unknown, expectation: Answer): Answer {
  const code = field(assertion, 'errorCode');
  return typeof code === 'number' && code !== 0 ? { error: String(code) } : expectation;
}

function tupleKey(value: unknown): TupleKey {
  const condition = field(value, 'condition') as TupleKey['condition'] | undefined | null;
  const key = { user: str(value, 'user'), relation: str(value, 'relation'), object: str(value, 'object') };
  return condition ? { ...key, condition } : key;
}

/** Keys match case-insensitively and unknown keys are ignored, as Go's encoding/json reads these files. */
function field(value: unknown, name: string): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  const lower = name.toLowerCase();
  for (const [key, item] of Object.entries(value)) if (key.toLowerCase() === lower) return item;
  return undefined;
}

function str(value: unknown, name: string): string {
  const item = field(value, name);
  return typeof item === 'string' ? item : '';
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A missing or empty expectation is an empty list. */
function strings(value: unknown): string[] {
  return list(value).map(String);
}
