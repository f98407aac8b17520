/**
 * `npm run sovereignty [-- --out <dir>] [-- --policy <file>]`: checks the
 * synthesized stacks (it does not synthesize). Exit 0 clean, 1 on any
 * violation, 2 when there is nothing to check or the policy is invalid.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkOutput, formatReport, NoOutputError } from './check.ts';
import { loadPolicy } from './policy.ts';

const root = resolve(import.meta.dirname, '../..');

export async function main(argv: readonly string[]): Promise<number> {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        out: { type: 'string', default: resolve(root, 'infra/cdktf.out') },
        policy: { type: 'string', default: resolve(root, 'policies/sovereignty.yaml') },
      },
    });
    const policy = await loadPolicy(values.policy);
    const results = await checkOutput(values.out, policy);
    console.log(formatReport(results));
    return results.some((r) => r.violations.length > 0) ? 1 : 0;
  } catch (error) {
    if (error instanceof NoOutputError) {
      console.error(`sovereignty: nothing to check (${error.message}): run \`npm run synth\` first`);
      return 2;
    }
    console.error(`sovereignty: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
