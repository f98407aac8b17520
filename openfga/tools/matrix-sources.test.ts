import { readdir, readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from './matrix.ts';
import { policyOf } from './matrix-outcomes.ts';

/** The hand-written sources the matrix reads: store files, the policy index and the relevance rules. */

const testDir = resolve(ROOT, 'openfga/tests');
const storeFiles = async () => {
  const names = (await readdir(testDir)).filter((name) => name.endsWith('.fga.yaml')).sort();
  return Promise.all(
    names.map(async (name) => ({
      name: basename(name, '.fga.yaml'),
      text: await readFile(resolve(testDir, name), 'utf8'),
    })),
  );
};
const testNames = (text: string) => [...text.matchAll(/^ {2}- name: (.+)$/gm)].map((m) => m[1]!);

describe('the store files and policy index', () => {
  it('comment every tuple with one line of English (sample-stores style)', async () => {
    const uncommented: string[] = [];
    for (const file of await storeFiles()) {
      const lines = file.text.split('\n');
      lines.forEach((line, i) => {
        const isTuple = /^\s*- user: /.test(line) && /^\s*relation: /.test(lines[i + 1] ?? '');
        if (isTuple && !/^\s*# \S/.test(lines[i - 1] ?? '')) uncommented.push(`${file.name}:${i + 1}`);
      });
    }
    expect(uncommented).toEqual([]);
  });

  it('name a policy rule in every test, and policies/README.md cites each test under that rule', async () => {
    const readme = await readFile(resolve(ROOT, 'policies/README.md'), 'utf8');
    // `- POL-003.2:` opens a rule; its store tests follow as `  - <test name> (<file>)`,
    // vitest tests are cited quoted (`  - "<test name>"`, checked by test/policies.test.ts).
    const cited = new Map<string, string[]>();
    let rule: string | undefined;
    for (const line of readme.split('\n')) {
      const opened = /^- (POL-\d{3}\.\d+):/.exec(line);
      if (opened) {
        rule = opened[1];
        cited.set(opened[1]!, []);
      } else if (rule && /^ {2}- POL-\d{3}\.\d+/.test(line)) cited.get(rule)!.push(line.slice(4));
    }
    const uncited: string[] = [];
    const known = new Set<string>();
    for (const file of await storeFiles()) {
      for (const name of testNames(file.text)) {
        const entry = `${name} (${file.name})`;
        known.add(entry);
        const named = policyOf(name);
        if (!named || !cited.get(named)?.includes(entry)) uncited.push(entry);
      }
    }
    expect(uncited).toEqual([]);
    const dangling = [...cited.values()].flat().filter((entry) => !known.has(entry));
    expect(dangling).toEqual([]);
  });

  it('use relevance tuples in the health tests that agree with policies/relevant-cases.yaml', async () => {
    const rules = parse(await readFile(resolve(ROOT, 'policies/relevant-cases.yaml'), 'utf8')) as {
      kle_subjects: { number: string }[];
      sensitivity_levels: string[];
    };
    const health = parse(await readFile(resolve(testDir, 'health.fga.yaml'), 'utf8')) as {
      tuples: { relation: string; object: string }[];
    };
    const written = (relation: string) =>
      health.tuples.filter((t) => t.relation === relation).map((t) => t.object.split('-').slice(1).join('-'));
    const subjects = rules.kle_subjects.map((s) => s.number);
    expect(written('relevant_to_health').every((n) => subjects.includes(n))).toBe(true);
    expect(written('shareable_with_health')).toEqual(rules.sensitivity_levels);
    expect(rules.sensitivity_levels).not.toContain('VIP_SAGER');
    expect(subjects).toHaveLength(11);
  });
});
