/**
 * `npm run authz:conformance -- [dir]`: runs the OpenFGA conformance data under
 * `dir` (default ../shared/conformance) against the embedded evaluator, prints
 * each failure and each skip with its reason, and ends with
 * `conformance: P passed, F failed, S skipped`. Exits non-zero when F > 0.
 */
import { resolve } from 'node:path';
import type { AssertionResult } from '../../openfga/tools/store-file.ts';
import { runConformance } from './conformance.ts';

const dir = resolve(process.argv[2] ?? '../shared/conformance');
const report = await runConformance(dir);

for (const result of report.results) {
  if (!result.pass && result.skipped === undefined) console.log(`FAIL ${describe(result)}`);
}
const skips = report.results.filter((r) => r.skipped !== undefined);
for (const result of skips) console.log(`SKIP ${where(result)}: ${result.skipped}`);
console.log(`conformance: ${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped`);
process.exitCode = report.failed > 0 ? 1 : 0;

function describe(result: AssertionResult): string {
  const note = result.note === undefined ? '' : ` (${result.note})`;
  return `${where(result)}\n     expected ${show(result.expected)}, got ${show(result.actual)}${note}`;
}

function where(result: AssertionResult): string {
  const ask =
    result.kind === 'store_file'
      ? 'load'
      : result.kind === 'list_objects'
        ? `list_objects ${result.user} ${result.relation} ${result.object}:*`
        : `${result.kind} ${result.user} ${result.relation} ${result.object}`;
  return `${result.file} › ${result.test} › ${ask}`;
}

function show(answer: AssertionResult['actual']): string {
  if (answer === undefined) return 'nothing';
  if (Array.isArray(answer)) return `[${[...answer].sort().join(', ')}]`;
  if (typeof answer === 'object') return `error ${(answer as { error: string }).error}`;
  return String(answer);
}
