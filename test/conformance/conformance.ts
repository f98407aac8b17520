import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { parse } from 'yaml';
import { embeddedAuthorizerFactory } from '../../functions/openfga-embedded/index.ts';
import {
  type AssertionResult,
  type AuthorizerFactory,
  errorAnswer,
  loadStoreFile,
  runStoreFile,
} from '../../openfga/tools/store-file.ts';
import { embeddedStagedStore } from './embedded-target.ts';
import { isServerTestDocument, runServerTestFile, type StagedStoreFactory } from './server-tests.ts';

export interface ConformanceReport {
  readonly results: readonly AssertionResult[];
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

export interface ConformanceTargets {
  readonly staged: StagedStoreFactory;
  readonly authorizer: AuthorizerFactory;
}

export const EMBEDDED_TARGETS: ConformanceTargets = {
  staged: embeddedStagedStore,
  authorizer: embeddedAuthorizerFactory,
};

/**
 * Runs every OpenFGA test file under `dir`: server test files (`*.yaml` with
 * tests → stages) and store files (`*.fga.yaml`). A store file next to an
 * `expected_errors.json` must be rejected when loaded. Result file paths are
 * relative to `dir`.
 */
export async function runConformance(dir: string, targets = EMBEDDED_TARGETS): Promise<ConformanceReport> {
  const results: AssertionResult[] = [];
  for (const path of await yamlFiles(dir)) {
    const name = relative(dir, path);
    const fileResults = path.endsWith('.fga.yaml')
      ? await runStore(path, name, targets.authorizer)
      : isServerTestDocument(parse(await readFile(path, 'utf8'), { version: '1.2' }))
        ? await runServerTestFile(path, targets.staged)
        : [];
    results.push(...fileResults.map((result) => ({ ...result, file: name })));
  }
  const skipped = results.filter((r) => r.skipped !== undefined).length;
  const passed = results.filter((r) => r.pass).length;
  return { results, passed, failed: results.length - passed - skipped, skipped };
}

async function runStore(path: string, name: string, factory: AuthorizerFactory): Promise<AssertionResult[]> {
  const mustFail = existsSync(join(dirname(path), 'expected_errors.json'));
  const loadResult = (actual: AssertionResult['actual'], pass: boolean): AssertionResult => ({
    file: name,
    test: '(load)',
    kind: 'store_file',
    user: '',
    relation: '',
    object: '',
    expected: mustFail ? { error: 'rejected' } : true,
    actual,
    pass,
  });
  let file: Awaited<ReturnType<typeof loadStoreFile>>;
  try {
    file = await loadStoreFile(path);
  } catch (error) {
    return [loadResult(mustFail ? { error: 'rejected' } : errorAnswer(error), mustFail)];
  }
  if (mustFail) return [loadResult(true, false)];
  return runStoreFile(file, factory);
}

async function yamlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.yaml'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
