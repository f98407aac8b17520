/**
 * `npm run build`: one esbuild bundle per function (each folder `functions/<name>/` with a
 * manifest → `dist/<name>.js`) and per job (`functions/jobs/<name>/main.ts`), the form images and benchmarks run (STACK-NOTES: never
 * tsx). Start one with `node dist/<name>.js` from the repository root.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformer } from '@openfga/syntax-transformer';
import { build, type Plugin } from 'esbuild';
import { parse } from 'yaml';
import { compiledPolicyPath, MUNICIPAL_POLICIES_DIR } from './compiled-policy.ts';
import { DEVELOPMENT_PACKAGES, OPTIONAL_BINDINGS } from './packages.ts';

export { DEVELOPMENT_PACKAGES, OPTIONAL_BINDINGS };

export interface BundleEntry {
  /** The bundle's file name without `.js`, e.g. `case-lookup`. */
  readonly name: string;
  /** The TypeScript entry point. */
  readonly entry: string;
}

export interface Bundle {
  readonly name: string;
  /** The file to run with `node`. */
  readonly file: string;
  /** JavaScript written for this bundle: the entry and its lazily loaded chunks. */
  readonly jsBytes: number;
}

/**
 * Modules the OpenTelemetry Node SDK imports for transports and configuration sources the
 * platform does not use, replaced in bundles by exports that throw when called: OTLP over
 * gRPC (grpc-js and protobufjs), Zipkin, Prometheus and the declarative configuration file
 * (its schema validator alone is ~0.3 MiB). The platform exports OTLP over HTTP to its
 * collector, and `startTelemetry` refuses the settings that would reach one of these
 * (functions/runtime/telemetry/telemetry-settings.ts), so the stubs are never called.
 * esbuild fails the build if the SDK imports a name not listed here.
 */
export const OMITTED_MODULES: Readonly<Record<string, readonly string[]>> = {
  '@opentelemetry/exporter-trace-otlp-grpc': ['OTLPTraceExporter'],
  '@opentelemetry/exporter-metrics-otlp-grpc': ['OTLPMetricExporter'],
  '@opentelemetry/exporter-logs-otlp-grpc': ['OTLPLogExporter'],
  '@opentelemetry/otlp-grpc-exporter-base': [
    'createEmptyMetadata',
    'createInsecureCredentials',
    'createSslCredentials',
  ],
  '@opentelemetry/exporter-zipkin': ['ZipkinExporter'],
  '@opentelemetry/exporter-prometheus': ['PrometheusExporter'],
  '@opentelemetry/configuration': [
    'parseConfigFile',
    'mergeHeadersConfig',
    'mergePropagatorCompositeConfig',
    'mergeResourceAttributesConfig',
  ],
};

/**
 * CommonJS modules nothing here runs, replaced by a stand-in that refuses:
 * otherwise each is loaded with the OpenFGA SDK on every production start.
 * `axios` (with `form-data`, `follow-redirects`, a MIME database and a dozen
 * shims) is the SDK's default HTTP client; every OpenFGA client here hands the
 * SDK its own (functions/runtime/authz/openfga-http.ts), so the SDK never calls
 * axios — and if it ever did, the stand-in says why it cannot.
 */
export const REPLACED_MODULES: Readonly<Record<string, string>> = {
  axios: [
    'const refuse = () => { throw new Error("axios is left out of this build (infra/build/build.ts REPLACED_MODULES): pass openFgaHttp() to the OpenFGA client"); };',
    'refuse.create = refuse;',
    'module.exports = refuse;',
  ].join('\n'),
};

const replaceModules: Plugin = {
  name: 'replace-modules',
  setup(build) {
    const names = Object.keys(REPLACED_MODULES).map((m) => m.replace(/[/\\^$*+?.()|[\]{}-]/g, '\\$&'));
    build.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, (args) => ({
      path: args.path,
      namespace: 'replaced',
    }));
    build.onLoad({ filter: /.*/, namespace: 'replaced' }, (args) => ({
      loader: 'js',
      contents: REPLACED_MODULES[args.path]!,
    }));
  },
};

/** The esbuild plugin that puts `OMITTED_MODULES` in place. */
const omitModules: Plugin = {
  name: 'omit-modules',
  setup(build) {
    const names = Object.keys(OMITTED_MODULES).map((m) => m.replace(/[/\\^$*+?.()|[\]{}-]/g, '\\$&'));
    build.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, (args) => ({
      path: args.path,
      namespace: 'omitted',
    }));
    build.onLoad({ filter: /.*/, namespace: 'omitted' }, (args) => ({
      loader: 'js',
      contents: [
        'const omitted = (name) => function () {',
        `  throw new Error(name + " is left out of this build (infra/build/build.ts OMITTED_MODULES)");`,
        '};',
        ...OMITTED_MODULES[args.path]!.map(
          (name) => `export const ${name} = omitted(${JSON.stringify(`${args.path} ${name}`)});`,
        ),
      ].join('\n'),
    }));
  },
};

/**
 * Bundled CommonJS (the OpenFGA SDK, OpenTelemetry) calls `require` for Node's
 * built-ins, which an ES module does not have.
 */
const REQUIRE_SHIM =
  'import{createRequire as __hoiCreateRequire}from"node:module";const require=__hoiCreateRequire(import.meta.url);';

/** Policy files functions read at start, written to `dist/policies/<name>.json` by the build. */
export const COMPILED_POLICIES = ['tuple-storage', 'relevant-cases'] as const;

/**
 * Writes each of `COMPILED_POLICIES` as `<outDir>/policies/<name>.json`, and each
 * municipality's own choices (`policies/municipalities/*.yaml`, RELEVANT_CASES_BY_MUNICIPALITY)
 * as `<outDir>/policies/municipalities/<name>.json`, so functions start without a YAML
 * parser (the image has none). The YAML stays what security reviews; this is the same
 * document in another syntax (compiled-policy.ts names where each goes).
 */
export async function compilePolicies(root: string, outDir: string): Promise<string[]> {
  const municipal = await readdir(join(root, MUNICIPAL_POLICIES_DIR)).catch(() => [] as string[]);
  const reviewed = [
    ...COMPILED_POLICIES.map((policy) => `policies/${policy}.yaml`),
    ...municipal
      .filter((name) => name.endsWith('.yaml'))
      .sort()
      .map((name) => `${MUNICIPAL_POLICIES_DIR}/${name}`),
  ];
  const written: string[] = [];
  for (const path of reviewed) {
    const document = parse(await readFile(join(root, path), 'utf8'));
    const file = join(outDir, compiledPolicyPath(path).replace(/^dist\//, ''));
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify(document)}\n`);
    written.push(file);
  }
  return written;
}

/**
 * Every function, found as the synth finds it: a folder `functions/<name>/` with a
 * `manifest.ts`. Its entry is written by the build (`function-entries/<name>.ts`
 * under the system's temporary folder): the kit's `runFunction` with the manifest
 * and the folder's `app.ts`, so no function carries a `main.ts` of its own.
 */
export async function discoverFunctions(root: string): Promise<BundleEntry[]> {
  const dir = join(root, 'functions');
  const entriesDir = await mkdtemp(join(tmpdir(), 'function-entries-'));
  const entries: BundleEntry[] = [];
  for (const item of await readdir(dir, { withFileTypes: true })) {
    const folder = join(dir, item.name);
    if (!item.isDirectory() || !(await isFile(join(folder, 'manifest.ts')))) continue;
    const entry = join(entriesDir, `${item.name}.ts`);
    await writeFile(entry, functionEntry(root, folder));
    entries.push({ name: item.name, entry });
  }
  return entries.sort((a, b) => a.name.localeCompare(b.name));
}

/** A function's process: `runFunction(manifest, () => import(app))` (functions/kit/run-function.ts). */
export function functionEntry(root: string, folder: string): string {
  const at = (file: string) => JSON.stringify(join(folder, file));
  return [
    `import { runFunction } from ${JSON.stringify(join(root, 'functions/kit/run-function.ts'))};`,
    `import { manifest } from ${at('manifest.ts')};`,
    `await runFunction(manifest, () => import(${at('app.ts')}));`,
    '',
  ].join('\n');
}

/**
 * The platform's one-shot programs (`functions/jobs/<name>/main.ts`): what its
 * CronJobs and Jobs run from the same image as the functions.
 */
export function discoverJobs(root: string): Promise<BundleEntry[]> {
  return entryPoints(join(root, 'functions/jobs'));
}

/** `<dir>/<name>/main.ts` for every `<name>` that has one. */
async function entryPoints(dir: string): Promise<BundleEntry[]> {
  const entries: BundleEntry[] = [];
  for (const item of await readdir(dir, { withFileTypes: true })) {
    const entry = join(dir, item.name, 'main.ts');
    if (item.isDirectory() && (await isFile(entry))) entries.push({ name: item.name, entry });
  }
  return entries.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Bundles each entry on its own (a function's bundle never depends on
 * another's): `<outDir>/<name>.js` plus `<outDir>/<name>/` for the chunks it
 * imports lazily, so telemetry's code is not even parsed when telemetry is off
 * (case-lookup ready ~0.1 s sooner than from one file, measured).
 */
export function bundle(entries: readonly BundleEntry[], outDir: string): Promise<Bundle[]> {
  return Promise.all(entries.map((entry) => bundleOne(entry, outDir)));
}

async function bundleOne({ name, entry }: BundleEntry, outDir: string): Promise<Bundle> {
  const result = await build({
    entryPoints: { [name]: entry },
    outdir: outDir,
    chunkNames: `${name}/[name]-[hash]`,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    minify: true,
    sourcemap: true,
    external: [...DEVELOPMENT_PACKAGES, ...OPTIONAL_BINDINGS],
    plugins: [omitModules, replaceModules],
    banner: { js: REQUIRE_SHIM },
    metafile: true,
    logLevel: 'silent',
  });
  if (result.warnings.length > 0) {
    const first = result.warnings[0]!;
    throw new Error(`${name}: esbuild warned: ${first.text} (${first.location?.file ?? 'no file'})`);
  }
  const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.js'));
  return {
    name,
    file: resolve(outDir, `${name}.js`),
    jsBytes: outputs.reduce((sum, [, output]) => sum + output.bytes, 0),
  };
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Everything `npm run build` writes into `outDir` (emptied first): the model and
 * policies compiled, every function and job bundled, the compile-cache warmer.
 * Returns one line per output, for the console.
 */
export async function buildAll(root: string, outDir: string): Promise<string[]> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  // The model compiled once here, so functions start without the DSL parser (AUTHZ_MODEL_FILE).
  const model = transformer.transformDSLToJSONObject(
    await readFile(join(root, 'openfga/model/model.fga'), 'utf8'),
  );
  const modelFile = join(outDir, 'authorization-model.json');
  await writeFile(modelFile, `${JSON.stringify(model)}\n`);
  const lines = [`${relative(root, modelFile)}  the authorization model, compiled`];
  for (const file of await compilePolicies(root, outDir)) {
    lines.push(`${relative(root, file)}  the policy, compiled`);
  }
  const tools = [{ name: 'warm-compile-cache', entry: join(root, 'infra/build/warm-compile-cache.ts') }];
  const entries = [...(await discoverFunctions(root)), ...(await discoverJobs(root)), ...tools];
  for (const built of await bundle(entries, outDir)) {
    lines.push(`${relative(root, built.file)}  ${(built.jsBytes / 1024).toFixed(0)} KiB JavaScript`);
  }
  return lines;
}

if (import.meta.main) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  for (const line of await buildAll(root, join(root, 'dist'))) console.log(line);
}
