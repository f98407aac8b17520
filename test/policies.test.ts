import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The policy index is what security reviews: every rule of every POL file is
 * proved by a named test, and every vitest test the index names exists by that
 * name in the file it says. (Store tests in openfga/tests are checked by
 * openfga/tools/matrix-sources.test.ts.)
 */
const root = resolve(import.meta.dirname, '..');
const policies = join(root, 'policies');
const readme = readFileSync(join(policies, 'README.md'), 'utf8');

const rules = readdirSync(policies)
  .filter((f) => /^POL-\d{3}.*\.md$/.test(f))
  .flatMap((f) =>
    [...readFileSync(join(policies, f), 'utf8').matchAll(/\*\*(POL-\d{3}\.\d+)\*\*/g)].map((m) => m[1]!),
  );

/** The index as rule → its lines (the rule's own line and the citations under it). */
function entries(): Map<string, string[]> {
  const map = new Map<string, string[]>();
  let rule: string | undefined;
  for (const line of readme.split('\n')) {
    const opened = /^- (POL-\d{3}\.\d+):/.exec(line);
    if (opened) {
      rule = opened[1]!;
      map.set(rule, [line]);
    } else if (rule && /^\s+\S/.test(line)) map.get(rule)!.push(line);
    else if (!/^\s*$/.test(line)) rule = undefined;
  }
  return map;
}

describe('the policy index (policies/README.md)', () => {
  const index = entries();

  it('finds the rules and the index (not vacuous)', () => {
    expect(rules.length).toBeGreaterThan(50);
    expect(index.size).toBeGreaterThan(50);
  });

  it('lists every rule of every POL file, each with at least one test, none "no test yet"', () => {
    const missing = rules.filter((rule) => !index.has(rule));
    const untested = rules.filter((rule) => {
      const lines = index.get(rule) ?? [];
      return lines.some((l) => l.includes('no test yet')) || lines.length < 2;
    });
    expect({ missing, untested }).toEqual({ missing: [], untested: [] });
  });

  it('names only vitest tests that exist, in the files it cites', () => {
    const wrong: string[] = [];
    for (const [rule, lines] of index) {
      const files = lines.flatMap((l) => [...l.matchAll(/`([^`]+\.test\.ts)`/g)].map((m) => m[1]!));
      if (files.length === 0) continue;
      const texts = files.map((f) =>
        existsSync(join(root, f)) ? readFileSync(join(root, f), 'utf8') : undefined,
      );
      for (const [i, f] of files.entries())
        if (texts[i] === undefined) wrong.push(`${rule}: ${f} does not exist`);
      for (const line of lines) {
        const quoted = /^\s+- "(.+)"/.exec(line)?.[1];
        if (quoted === undefined) continue;
        // The name as written in a test file: its first words are enough, up to a `<placeholder>`
        // that a parametrised test fills in.
        const head = quoted.replaceAll('\\"', '"').split('<')[0]!.slice(0, 40);
        if (!texts.some((t) => t?.includes(head)))
          wrong.push(`${rule}: no test named "${quoted}" in ${files.join(', ')}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
