import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The rooms of the house and what may import what (README, Layout):
 *   openfga-embedded  the evaluator library: imports nothing of the project
 *   runtime           the generic runtime (HTTP, auth, authz port, audit, db, …) → openfga-embedded
 *   contracts         the upstream contracts (adapters, wire schemas) → runtime
 *   kit               what a function is built on (manifest, createKit, child-access) → contracts, runtime
 *   jobs              run-to-completion programs → kit, contracts, runtime
 *   <function>        a folder with a manifest.ts → kit, contracts, runtime (never another function)
 *   local             the composition root of `npm start` → anything in functions/
 *   testing           test scaffolding: only tests (and test/) import it
 * infra reads only function manifests (data); nothing outside test/ imports test/; no
 * import cycles between files, and none between folders.
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
    } else if (/\.(ts|mts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
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
    // Dynamic imports (`await import('./x.ts')`) are runtime edges too; computed ones are listed apart.
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

/** `import(<not a string literal>)` calls: edges this test cannot follow, so it checks them apart. */
function computedImports(files: readonly string[]): { file: string; argument: string }[] {
  const found: { file: string; argument: string }[] = [];
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const match of text.matchAll(/\bimport\(\s*([^'"\s)][^)]*)\)/g)) {
      found.push({ file, argument: match[1]!.trim() });
    }
  }
  return found;
}

const { files, edges } = importEdges();
/** Runtime dependencies only, for cycle detection. */
const graph = new Map<string, string[]>(files.map((f) => [f, []]));
for (const edge of edges) if (!edge.typeOnly) graph.get(edge.from)!.push(edge.to);

const ROOMS = ['openfga-embedded', 'runtime', 'contracts', 'kit', 'jobs', 'local', 'testing'] as const;
const folderOf = (path: string) => /^functions\/([^/]+)\//.exec(path)?.[1];
const functionFolders = readdirSync(join(root, 'functions')).filter((name) =>
  existsSync(join(root, 'functions', name, 'manifest.ts')),
);
const isTest = (path: string) =>
  /\.test\.ts$/.test(path) || path.startsWith('test/') || folderOf(path) === 'testing';
const production = edges.filter((e) => !isTest(e.from));
/** What each room's production code may import, besides itself. */
const MAY_IMPORT: Record<string, readonly string[]> = {
  'openfga-embedded': [],
  runtime: ['openfga-embedded'],
  contracts: ['runtime', 'openfga-embedded'],
  kit: ['contracts', 'runtime', 'openfga-embedded'],
  jobs: ['kit', 'contracts', 'runtime', 'openfga-embedded'],
};
const FUNCTION_MAY_IMPORT = ['kit', 'contracts', 'runtime', 'openfga-embedded'];

describe('architecture', () => {
  it('finds the source tree and the rooms (the rules below are not vacuous)', () => {
    expect(graph.size).toBeGreaterThan(10);
    expect(edges.length).toBeGreaterThan(10);
    for (const room of ROOMS) expect(existsSync(join(root, 'functions', room))).toBe(true);
    expect(functionFolders).toEqual(expect.arrayContaining(['case-lookup', 'authz-sync', 'sandbox']));
    for (const room of ROOMS) expect(functionFolders).not.toContain(room);
  });

  for (const [room, allowed] of Object.entries(MAY_IMPORT)) {
    it(`${room} imports only ${allowed.join(', ') || 'itself'} (production code)`, () => {
      const bad = production.filter(
        ({ from, to }) =>
          folderOf(from) === room &&
          to.startsWith('functions/') &&
          folderOf(to) !== room &&
          !allowed.includes(folderOf(to)!),
      );
      expect(bad).toEqual([]);
    });
  }

  it('a function imports only kit, contracts, runtime, openfga-embedded and itself (tests: also testing, sandbox)', () => {
    const bad = edges.filter(({ from, to }) => {
      const owner = folderOf(from);
      if (!owner || !functionFolders.includes(owner) || !to.startsWith('functions/')) return false;
      const target = folderOf(to)!;
      if (target === owner || FUNCTION_MAY_IMPORT.includes(target)) return false;
      return !(isTest(from) && (target === 'testing' || target === 'sandbox'));
    });
    expect(bad).toEqual([]);
  });

  it('the evaluator library is entered by index.ts (or its vocabulary: vocabulary/types.ts, vocabulary/errors.ts) only', () => {
    const entries = ['index.ts', 'vocabulary/types.ts', 'vocabulary/errors.ts'].map(
      (f) => `functions/openfga-embedded/${f}`,
    );
    const bad = edges.filter(
      ({ from, to }) =>
        folderOf(from) !== 'openfga-embedded' && folderOf(to) === 'openfga-embedded' && !entries.includes(to),
    );
    expect(bad).toEqual([]);
  });

  it('production code never imports the testing room, test/ or the local platform', () => {
    const bad = production.filter(
      ({ from, to }) =>
        folderOf(from) !== 'local' &&
        (folderOf(to) === 'testing' || to.startsWith('test/') || folderOf(to) === 'local'),
    );
    expect(bad).toEqual([]);
  });

  it('nothing outside test/ imports test/', () => {
    const bad = edges.filter(({ from, to }) => to.startsWith('test/') && !from.startsWith('test/'));
    expect(bad).toEqual([]);
  });

  it('infra reads only function manifests, and manifests hold only data', () => {
    // Data files infra may read besides the manifests: the definition call, what it processes
    // (functions/kit/processing.ts) and the municipalities' reference names; none imports code.
    const DATA_FILES = [
      'functions/kit/define-function.ts',
      'functions/kit/processing.ts',
      'functions/runtime/reference/municipalities.ts',
    ];
    const data = (to: string) => /^functions\/[^/]+\/manifest\.ts$/.test(to) || DATA_FILES.includes(to);
    expect(
      edges.filter(({ from, to }) => from.startsWith('infra/') && to.startsWith('functions/') && !data(to)),
    ).toEqual([]);
    // A manifest imports only the definition call, which imports only processing.ts; the data files nothing else.
    const fromManifests = edges.filter(({ from }) => /^functions\/[^/]+\/manifest\.ts$/.test(from));
    expect(fromManifests.length).toBeGreaterThanOrEqual(functionFolders.length);
    expect(fromManifests.filter(({ to }) => to !== 'functions/kit/define-function.ts')).toEqual([]);
    expect(edges.filter(({ from }) => from === 'functions/kit/define-function.ts').map((e) => e.to)).toEqual([
      'functions/kit/processing.ts',
    ]);
    for (const file of DATA_FILES.slice(1)) expect(edges.filter(({ from }) => from === file)).toEqual([]);
  });

  it("infra's one computed import loads manifest.ts files only (infra/build, the bundler, aside)", () => {
    // infra/build turns function code into bundles and warms their compile cache: it is the
    // build, not the description of a deployment, and imports no project module itself.
    const described = files.filter(
      (f) => f.startsWith('infra/') && !f.startsWith('infra/build/') && !isTest(f),
    );
    expect(
      edges.filter(({ from, to }) => from.startsWith('infra/build/') && to.startsWith('functions/')),
    ).toEqual([]);
    const computed = computedImports(described);
    expect(computed.map((c) => c.file)).toEqual(['infra/synth/manifests.ts']);
    const loader = readFileSync(join(root, 'infra/synth/manifests.ts'), 'utf8');
    expect(loader).toMatch(/const path = join\(dir, entry\.name, 'manifest\.ts'\);/);
    expect(computed[0]!.argument).toMatch(/^pathToFileURL\(path\b/);
  });

  it('has no import cycles at run time (type-only imports are erased)', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('has no folder loops (a folder never imports, through others, from itself; tests aside)', () => {
    const folders = new Map<string, string[]>();
    for (const { from, to } of production) {
      const a = dirname(from);
      const b = dirname(to);
      if (a === b) continue;
      if (!folders.has(a)) folders.set(a, []);
      if (!folders.get(a)!.includes(b)) folders.get(a)!.push(b);
    }
    expect(folders.size).toBeGreaterThan(10);
    expect(cycles(folders)).toEqual([]);
  });

  it('a function folder holds at most six files besides its tests', () => {
    const crowded = functionFolders
      .map((name) => ({
        name,
        files: readdirSync(join(root, 'functions', name), { withFileTypes: true }).filter(
          (e) => e.isFile() && !e.name.endsWith('.test.ts'),
        ).length,
      }))
      .filter((f) => f.files > 6);
    expect(crowded).toEqual([]);
  });
});

function cycles(nodes: ReadonlyMap<string, readonly string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'visiting');
    stack.push(node);
    for (const next of nodes.get(node) ?? []) {
      if (state.get(next) === 'visiting') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next) && nodes.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of nodes.keys()) if (!state.has(node)) visit(node);
  return found;
}
