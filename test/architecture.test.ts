import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The dependency direction of the house (STYLE.md): functions/<name> → functions/core only;
 * functions/core knows no function; infra reads only function manifests (data); nothing
 * imports test/; no import cycles.
 */
const root = resolve(import.meta.dirname, '..');
const SOURCE_DIRS = ['functions', 'infra', 'openfga', 'policies', 'test'];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  if (!existsSync(join(root, dir))) return out;
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'cdktf.out') out.push(...sourceFiles(path));
    } else if (/\.(ts|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Relative imports of every source file, resolved to repository paths. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of SOURCE_DIRS.flatMap((d) => sourceFiles(d))) {
    const info = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true);
    const targets = info.importedFiles
      .map((f) => f.fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => relative(root, resolve(root, dirname(file), name)));
    graph.set(file, targets);
  }
  return graph;
}

const graph = importGraph();
const edges = [...graph].flatMap(([from, tos]) => tos.map((to) => ({ from, to })));
const functionOf = (path: string) => /^functions\/([^/]+)\//.exec(path)?.[1];

describe('architecture', () => {
  it('finds the source tree (the rules below are not vacuous)', () => {
    expect(graph.size).toBeGreaterThan(10);
    expect(edges.length).toBeGreaterThan(10);
  });

  it('functions/<name> imports only functions/core and itself', () => {
    const bad = edges.filter(({ from, to }) => {
      const owner = functionOf(from);
      if (!owner || owner === 'core') return false;
      const target = functionOf(to);
      return target !== owner && target !== 'core';
    });
    expect(bad).toEqual([]);
  });

  it('functions/core knows no function', () => {
    const bad = edges.filter(
      ({ from, to }) =>
        functionOf(from) === 'core' && to.startsWith('functions/') && functionOf(to) !== 'core',
    );
    expect(bad).toEqual([]);
  });

  it('infra reads only function manifests, never function code', () => {
    const bad = edges.filter(
      ({ from, to }) =>
        from.startsWith('infra/') &&
        to.startsWith('functions/') &&
        !/^functions\/[^/]+\/manifest\.ts$/.test(to),
    );
    expect(bad).toEqual([]);
  });

  it('nothing outside test/ imports test/', () => {
    const bad = edges.filter(({ from, to }) => to.startsWith('test/') && !from.startsWith('test/'));
    expect(bad).toEqual([]);
  });

  it('has no import cycles', () => {
    const cycles: string[][] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const stack: string[] = [];
    const visit = (node: string) => {
      state.set(node, 'visiting');
      stack.push(node);
      for (const next of graph.get(node) ?? []) {
        if (state.get(next) === 'visiting') cycles.push([...stack.slice(stack.indexOf(next)), next]);
        else if (!state.has(next) && graph.has(next)) visit(next);
      }
      stack.pop();
      state.set(node, 'done');
    };
    for (const node of graph.keys()) if (!state.has(node)) visit(node);
    expect(cycles).toEqual([]);
  });
});
