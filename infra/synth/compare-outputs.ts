import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/**
 * Compares two synthesized outputs (`manifest.json` and `stacks/<name>/cdk.tf.json`)
 * as JSON, ignoring only the tool's version stamps: the exit test for the IaC tool
 * (cdktf vs its community successor CDK Terrain, `cdktn`). Answers the differences.
 */
export async function compareOutputs(left: string, right: string): Promise<string[]> {
  const [a, b] = await Promise.all([readTree(left), readTree(right)]);
  const differences: string[] = [];
  for (const file of new Set([...a.keys(), ...b.keys()])) {
    if (!a.has(file) || !b.has(file)) {
      differences.push(`${file}: only in ${a.has(file) ? left : right}`);
      continue;
    }
    compare(withoutVersionStamps(a.get(file)), withoutVersionStamps(b.get(file)), file, differences);
  }
  return differences;
}

async function readTree(root: string): Promise<Map<string, unknown>> {
  const files = new Map<string, unknown>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.json')) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(root, path), JSON.parse(await readFile(path, 'utf8')));
  }
  return files;
}

/** `manifest.json`'s `version` and each stack's `"//".metadata.version` name the tool that wrote them. */
function withoutVersionStamps(json: unknown): unknown {
  if (!json || typeof json !== 'object') return json;
  const copy = structuredClone(json) as Record<string, unknown>;
  delete copy.version;
  const meta = (copy['//'] as { metadata?: Record<string, unknown> } | undefined)?.metadata;
  if (meta) delete meta.version;
  return copy;
}

function compare(x: unknown, y: unknown, path: string, out: string[]): void {
  if (typeof x !== typeof y || Array.isArray(x) !== Array.isArray(y) || (x === null) !== (y === null)) {
    out.push(`${path}: ${JSON.stringify(x)?.slice(0, 60)} ≠ ${JSON.stringify(y)?.slice(0, 60)}`);
  } else if (Array.isArray(x) && Array.isArray(y)) {
    if (x.length !== y.length) out.push(`${path}: ${x.length} items ≠ ${y.length} items`);
    else for (const [i, item] of x.entries()) compare(item, y[i], `${path}[${i}]`, out);
  } else if (x && typeof x === 'object') {
    const xo = x as Record<string, unknown>;
    const yo = y as Record<string, unknown>;
    for (const key of new Set([...Object.keys(xo), ...Object.keys(yo)]))
      compare(xo[key], yo[key], `${path}/${key}`, out);
  } else if (x !== y) {
    out.push(`${path}: ${JSON.stringify(x)} ≠ ${JSON.stringify(y)}`);
  }
}

if (import.meta.main) {
  const [left, right] = process.argv.slice(2);
  if (!left || !right) {
    console.error('usage: node infra/synth/compare-outputs.ts <cdktf.out> <other cdktf.out>');
    process.exit(2);
  }
  const differences = await compareOutputs(left, right);
  if (differences.length > 0) {
    console.error(`synth outputs differ beyond the version stamp:\n${differences.slice(0, 50).join('\n')}`);
    process.exit(1);
  }
  console.log('synth outputs are identical apart from the tool version stamp');
}
