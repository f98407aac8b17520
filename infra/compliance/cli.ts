/**
 * `npm run compliance -- [--target <name>]`: writes each target's compliance
 * package into `compliance/<target>/` (default: every target). Exit 1 naming
 * every missing fact (a function without a stated purpose or legal basis, an
 * upstream without a data category, a store without a retention) or a bad target.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { loadManifests } from '../synth/manifests.ts';
import { targetArgs } from '../synth/synth.ts';
import { loadTargets } from '../targets/index.ts';
import { COMPLIANCE_DIR, compliancePackage } from './package.ts';

const root = resolve(import.meta.dirname, '../..');
try {
  const targets = loadTargets(targetArgs(process.argv.slice(2)));
  const functions = await loadManifests(root);
  for (const target of targets) {
    const files = compliancePackage({ target, functions });
    const dir = join(COMPLIANCE_DIR, target.name);
    mkdirSync(dir, { recursive: true });
    // A file the package no longer has would pass for a current one.
    for (const stale of readdirSync(dir).filter((f) => !(f in files))) rmSync(join(dir, stale));
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    console.log(
      `compliance package for ${target.name}: ${relative(process.cwd(), dir) || '.'} (${Object.keys(files).length} files)`,
    );
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
