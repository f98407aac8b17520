import { relative, resolve } from 'node:path';
import { loadManifests } from './synth/manifests.ts';
import { synthesize, targetArgs } from './synth/synth.ts';
import { loadTargets } from './targets/index.ts';

/**
 * The cdktf app: `npm run synth -- [--target <name>]`, or `cdktf synth` through
 * cdktf.json (which passes its output directory in CDKTF_OUTDIR).
 */
const root = resolve(import.meta.dirname, '..');
try {
  const started = performance.now();
  const targets = loadTargets(targetArgs(process.argv.slice(2)));
  const functions = await loadManifests(root);
  const outdir = process.env.CDKTF_OUTDIR ?? resolve(root, 'infra/cdktf.out');
  const stacks = synthesize({ outdir, targets, functions });
  const ms = Math.round(performance.now() - started);
  console.log(`synthesized ${stacks.join(', ')} into ${relative(process.cwd(), outdir) || '.'} in ${ms} ms`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
