import { embeddedAuthorizerFactory } from '../../functions/openfga-embedded/index.ts';
import type { TupleKey } from '../../functions/openfga-embedded/vocabulary/types.ts';
import { type AssertionResult, loadStoreFile, runStoreFile, type StoreFile } from './store-file.ts';

/**
 * The outcome of every assertion in the store files, evaluated by the embedded
 * authorizer, with the roles its persona holds in that test's tuples.
 */
export interface Outcome {
  readonly result: AssertionResult;
  /** Role relations (`case_scope#handler`) the asking user holds in the test's tuples. */
  readonly roles: readonly string[];
  /** The policy rule the test names first, e.g. `POL-003.2`. */
  readonly policy: string | undefined;
}

export interface Outcomes {
  readonly files: readonly StoreFile[];
  readonly outcomes: readonly Outcome[];
}

export async function evaluateStoreFiles(
  paths: readonly string[],
  roles: ReadonlySet<string>,
  alone: readonly string[] = [],
): Promise<Outcomes> {
  const files = await Promise.all(paths.map((path) => loadStoreFile(path)));
  const outcomes: Outcome[] = [];
  for (const file of files) {
    const results = await runStoreFile(file, embeddedAuthorizerFactory);
    for (const result of results) {
      const test = file.tests.find((candidate) => candidate.name === result.test);
      const tuples = [...file.tuples, ...(test?.tuples ?? [])];
      outcomes.push({
        result,
        roles: rolesOf(result.user, tuples, roles, alone),
        policy: policyOf(result.test),
      });
    }
  }
  return { files, outcomes };
}

/**
 * The roles a user holds. The `alone` roles (in order of precedence) count only
 * for a user who holds no other role, and then only the first one held.
 */
export function rolesOf(
  user: string,
  tuples: readonly TupleKey[],
  roles: ReadonlySet<string>,
  alone: readonly string[] = [],
): string[] {
  const held = new Set(
    tuples
      .filter((tuple) => tuple.user === user)
      .map((tuple) => `${tuple.object.split(':')[0]}#${tuple.relation}`)
      .filter((relation) => roles.has(relation)),
  );
  const others = [...held].filter((relation) => !alone.includes(relation));
  if (others.length > 0) return others.sort();
  const first = alone.find((relation) => held.has(relation));
  return first ? [first] : [];
}

export function policyOf(testName: string): string | undefined {
  return /^POL-\d{3}\.\d+/.exec(testName)?.[0];
}
