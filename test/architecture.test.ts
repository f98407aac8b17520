import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The dependency direction of the house (STYLE.md): functions/<name> → functions/core only
 * (functions/local, the composition root of `npm start`, mounts them all);
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

interface Edge {
  readonly from: string;
  readonly to: string;
  /** `import type …`: erased at compile time, so it cannot make a runtime cycle. */
  readonly typeOnly: boolean;
}

/** Relative imports and re-exports of every source file, resolved to repository paths. */
function importEdges(): { files: string[]; edges: Edge[] } {
  const files = SOURCE_DIRS.flatMap((d) => sourceFiles(d));
  const edges: Edge[] = [];
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(join(root, file), 'utf8'), ts.ScriptTarget.Latest);
    for (const statement of source.statements) {
      let specifier: ts.Expression | undefined;
      let typeOnly = false;
      if (ts.isImportDeclaration(statement)) {
        specifier = statement.moduleSpecifier;
        typeOnly = statement.importClause?.isTypeOnly ?? false;
      } else if (ts.isExportDeclaration(statement)) {
        specifier = statement.moduleSpecifier;
        typeOnly = statement.isTypeOnly;
      }
      if (specifier && ts.isStringLiteral(specifier) && specifier.text.startsWith('.')) {
        edges.push({
          from: file,
          to: relative(root, resolve(root, dirname(file), specifier.text)),
          typeOnly,
        });
      }
    }
    // Dynamic imports (`await import('./x.ts')`) are runtime edges too.
    const dynamic = /\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g;
    for (const match of source.text.matchAll(dynamic)) {
      edges.push({
        from: file,
        to: relative(root, resolve(root, dirname(file), match[1]!)),
        typeOnly: false,
      });
    }
  }
  return { files, edges };
}

const { files, edges } = importEdges();
/** Runtime dependencies only, for cycle detection. */
const graph = new Map<string, string[]>(files.map((f) => [f, []]));
for (const edge of edges) if (!edge.typeOnly) graph.get(edge.from)!.push(edge.to);
const functionOf = (path: string) => /^functions\/([^/]+)\//.exec(path)?.[1];

describe('architecture', () => {
  it('finds the source tree (the rules below are not vacuous)', () => {
    expect(graph.size).toBeGreaterThan(10);
    expect(edges.length).toBeGreaterThan(10);
  });

  it('functions/<name> imports only functions/core and itself', () => {
    const bad = edges.filter(({ from, to }) => {
      const owner = functionOf(from);
      // functions/local is the composition root of `npm start`: it mounts every function.
      if (!owner || owner === 'core' || owner === 'local') return false;
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

  it('nothing but tests imports the local platform (functions/local)', () => {
    const bad = edges.filter(
      ({ from, to }) =>
        functionOf(to) === 'local' && functionOf(from) !== 'local' && !from.startsWith('test/'),
    );
    expect(bad).toEqual([]);
  });

  it('nothing outside test/ imports test/', () => {
    const bad = edges.filter(({ from, to }) => to.startsWith('test/') && !from.startsWith('test/'));
    expect(bad).toEqual([]);
  });

  it('has no import cycles at run time (type-only imports are erased)', () => {
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
