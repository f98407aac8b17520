/**
 * The sovereignty check as a library: reads every stack in a cdktf output
 * directory, applies the rules of policies/sovereignty.yaml, and renders a
 * report grouped by stack and rule. `cli.ts` is `npm run sovereignty`.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Policy, TargetPolicy } from './policy.ts';
import { checkEgress, checkLoadBalancer, checkVendor } from './rules-cluster.ts';
import { checkSupply } from './rules-supply.ts';
import { checkTelemetry } from './rules-telemetry.ts';
import { readStack, type Stack } from './stack.ts';
import { type Context, RULES, type RuleId, type Violation } from './violation.ts';

export { RULES, type RuleId, type Violation } from './violation.ts';

export interface StackResult {
  readonly stack: string;
  readonly target: string | undefined;
  readonly violations: readonly Violation[];
}

/** Thrown when there is nothing to check: the output directory or its stacks are missing. */
export class NoOutputError extends Error {}

const EMPTY_TARGET: TargetPolicy = {
  registries: [],
  charts: [],
  telemetryEndpoints: [],
  allowPublicLoadBalancer: false,
  allowedVendorKeys: [],
  allowedVendorKinds: [],
};

/**
 * The stack's target: the name `hoi_target` declares, else the longest target
 * name of the policy that is a whole dash-separated part of the stack's
 * directory name (`platform-eu-managed` → `eu-managed`).
 */
export function targetOf(stack: Stack, policy: Policy): { name: string | undefined; problem?: string } {
  const names = Object.keys(policy.targets);
  const declared = stack.declared?.name;
  if (declared !== undefined) {
    return names.includes(declared)
      ? { name: declared }
      : {
          name: undefined,
          problem: `hoi_target names target "${declared}", which policies/sovereignty.yaml does not list`,
        };
  }
  const parts = stack.name.split('-');
  const found = names
    .filter((name) => {
      const words = name.split('-');
      return parts.some((_, i) => words.every((word, j) => parts[i + j] === word));
    })
    .sort((a, b) => b.length - a.length)[0];
  return found
    ? { name: found }
    : {
        name: undefined,
        problem: `neither hoi_target nor the directory name tells which target (${names.join(', ')}) this is`,
      };
}

export function checkStack(stack: Stack, policy: Policy): StackResult {
  const { name, problem } = targetOf(stack, policy);
  const ctx: Context = {
    policy,
    targetName: name,
    target: (name && policy.targets[name]) || EMPTY_TARGET,
    declared: stack.declared ?? { registries: [], charts: [], telemetryEndpoints: [] },
  };
  const violations: Violation[] = problem
    ? [
        {
          rule: 'SOV-000',
          subject: `stack ${stack.name}`,
          where: 'output.hoi_target / directory name',
          problem,
          fix: 'emit output hoi_target with the target name (infra/sovereignty/README.md), or add the target to policies/sovereignty.yaml; checked meanwhile with no exceptions',
        },
      ]
    : [];
  for (const rule of [checkSupply, checkVendor, checkEgress, checkTelemetry, checkLoadBalancer]) {
    violations.push(...rule(stack, ctx));
  }
  return { stack: stack.name, target: name, violations };
}

/** Every `<outDir>/stacks/<stack>/cdk.tf.json`, checked. */
export async function checkOutput(outDir: string, policy: Policy): Promise<StackResult[]> {
  const stacksDir = join(outDir, 'stacks');
  if (!existsSync(stacksDir)) throw new NoOutputError(`${outDir} has no stacks/ directory`);
  const results: StackResult[] = [];
  for (const entry of (await readdir(stacksDir, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const file = join(stacksDir, entry.name, 'cdk.tf.json');
    if (!entry.isDirectory() || !existsSync(file)) continue;
    results.push(checkStack(readStack(entry.name, JSON.parse(await readFile(file, 'utf8'))), policy));
  }
  if (results.length === 0) throw new NoOutputError(`${stacksDir} holds no <stack>/cdk.tf.json`);
  return results;
}

export function formatReport(results: readonly StackResult[]): string {
  const lines: string[] = [];
  for (const result of results) {
    const count = result.violations.length;
    lines.push(
      `stack ${result.stack} (target ${result.target ?? 'unknown'}): ${count ? `${count} violation${count > 1 ? 's' : ''}` : 'ok'}`,
    );
    for (const rule of Object.keys(RULES) as RuleId[]) {
      const hits = result.violations.filter((v) => v.rule === rule);
      if (hits.length === 0) continue;
      lines.push(`  ${rule} ${RULES[rule]}`);
      for (const v of hits) {
        lines.push(`    ✗ ${v.subject}: ${v.problem}`, `      at  ${v.where}`, `      fix ${v.fix}`);
      }
    }
  }
  const total = results.reduce((sum, r) => sum + r.violations.length, 0);
  lines.push(
    total === 0
      ? `sovereignty: ${results.length} stack(s) checked, no violations`
      : `sovereignty: ${total} violation(s) in ${results.filter((r) => r.violations.length).length} of ${results.length} stack(s)`,
  );
  return lines.join('\n');
}
