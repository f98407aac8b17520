import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bundle, bundle, compilePolicies, DEVELOPMENT_PACKAGES, discoverFunctions } from './build.ts';
import { type BundleProcess, startBundle, waitForStatus } from './run-bundle.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const START_TIMEOUT_MS = 45_000;

/**
 * How the functions started below are started here: the environment each needs
 * and nothing else.
 */
const RECIPES: Record<string, (sandboxUrl: string, dir: string) => Record<string, string>> = {
  sandbox: () => ({}),
  'case-lookup': (sandboxUrl, dir) => ({
    UPSTREAM_BASE_URL: sandboxUrl,
    PSEUDONYM_KEY: randomBytes(32).toString('hex'),
    AUTH_DEV_KEY_FILE: join(dir, 'dev-key.json'),
  }),
  // Not started here: it needs a real OpenFGA store (functions/authz-sync tests cover it).
  'authz-sync': (sandboxUrl) => ({
    UPSTREAM_BASE_URL: sandboxUrl,
    FGA_API_URL: 'http://127.0.0.1:8080',
    FGA_STORE_ID: '01JAAAAAAAAAAAAAAAAAAAAAAA',
    FGA_MODEL_ID: '01JAAAAAAAAAAAAAAAAAAAAAAB',
    SYNC_TOKEN: randomBytes(32).toString('hex'),
  }),
};

describe('function bundles (npm run build)', () => {
  let outDir: string;
  let bundles: Bundle[];
  let sandbox: BundleProcess;
  const started: BundleProcess[] = [];
  const start = async (name: string, env: Record<string, string>) => {
    const built = bundles.find((b) => b.name === name);
    if (!built) throw new Error(`no bundle ${name}`);
    // Enough for the compile cache's debug lines, PGlite's modules from node_modules among them.
    const running = await startBundle(built.file, { env, cwd: root, keepOutput: 500_000 });
    started.push(running);
    return running;
  };

  beforeAll(async () => {
    // Inside the repository, so the development packages resolve from its node_modules as they do from dist/.
    await mkdir(join(root, '.cache'), { recursive: true });
    outDir = await mkdtemp(join(root, '.cache', 'build-test-'));
    const warmer = { name: 'warm-compile-cache', entry: join(root, 'infra/build/warm-compile-cache.ts') };
    [bundles] = await Promise.all([
      bundle([...(await discoverFunctions(root)), warmer], outDir),
      compilePolicies(root, outDir),
    ]);
    sandbox = await start('sandbox', RECIPES.sandbox!('', outDir));
  });

  afterAll(async () => {
    await Promise.all(started.map((p) => p.stop()));
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('bundles every function folder (one with a manifest.ts), and nothing else of functions/', async () => {
    const names = bundles.map((b) => b.name).filter((n) => n !== 'warm-compile-cache');
    const folders = (await readdir(join(root, 'functions'), { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    const withManifest = [];
    for (const folder of folders) {
      if (await stat(join(root, 'functions', folder, 'manifest.ts')).catch(() => undefined)) {
        withManifest.push(folder);
      }
    }
    expect(names).toEqual(withManifest.sort());
    expect(names).toEqual(expect.arrayContaining(['authz-sync', 'case-lookup', 'sandbox']));
    for (const b of bundles) expect(basename(b.file)).toBe(`${b.name}.js`);
  });

  it('writes a minified ES module with a source map for each function', async () => {
    for (const b of bundles) {
      const code = await readFile(b.file, 'utf8');
      expect(code).toMatch(/^import\{createRequire as \w+\}from"node:module";/);
      expect(code).toMatch(/\/\/# sourceMappingURL=.+\.js\.map\s*$/);
      expect((await stat(`${b.file}.map`)).size).toBeGreaterThan(0);
    }
  });

  it('leaves the development packages and the unused telemetry transports out of every function bundle', async () => {
    for (const name of ['case-lookup', 'sandbox', 'authz-sync']) {
      const dir = join(outDir, name);
      const code = (
        await Promise.all(
          [
            `${name}.js`,
            ...(await readdir(dir)).filter((f) => f.endsWith('.js')).map((f) => `${name}/${f}`),
          ].map((f) => readFile(join(outDir, f), 'utf8')),
        )
      ).join('\n');
      // Imported by name, resolved from node_modules where they exist (a checkout), never inlined.
      for (const pkg of DEVELOPMENT_PACKAGES) expect(code).toContain(`from"${pkg}"`);
      expect(code).not.toContain('pglite.wasm');
      // gRPC's transport and the configuration file's schema validator are not there at all.
      expect(code).not.toContain('grpc.max_receive_message_length');
      expect(code).not.toContain('@grpc/grpc-js');
      expect(code).toContain('is left out of this build (infra/build/build.ts OMITTED_MODULES)');
      expect(await readdir(dir)).not.toContain('pglite.wasm');
      // The SDK's default HTTP client is a stand-in: no axios, so no MIME database, no redirect wrapper.
      expect(code).not.toContain('AxiosHeaders');
      expect(code).not.toContain('application/1d-interleaved-parityfec');
      expect(code).not.toContain('Maximum number of redirects exceeded');
      if (name !== 'sandbox') expect(code).toContain('REPLACED_MODULES');
    }
    const caseLookup = bundles.find((b) => b.name === 'case-lookup')!;
    expect(caseLookup.jsBytes).toBeLessThan(2 * 1024 * 1024);
  });

  it('refuses at start a telemetry setting this build left out, naming the variable', async () => {
    const run = spawnSync(process.execPath, [bundles.find((b) => b.name === 'case-lookup')!.file], {
      cwd: root,
      encoding: 'utf8',
      timeout: START_TIMEOUT_MS,
      env: {
        PATH: process.env.PATH ?? '',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc',
      },
    });
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout.trim().split('\n').at(-1)!)).toMatchObject({
      level: 'fatal',
      msg: 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL must be one of http/protobuf, http/json (OTLP over HTTP)',
    });
  });

  it('the sandbox bundle starts with only PORT set and is alive', async () => {
    await waitForStatus(sandbox, { path: '/health/liveness' }, { timeoutMs: START_TIMEOUT_MS });
    expect(sandbox.exited()).toBe(false);
  });

  it('the case-lookup bundle starts with only its environment, against the sandbox: alive and ready', async () => {
    await waitForStatus(sandbox, { path: '/health/liveness' }, { timeoutMs: START_TIMEOUT_MS });
    const caseLookup = await start('case-lookup', RECIPES['case-lookup']!(sandbox.url, outDir));
    await waitForStatus(caseLookup, { path: '/health/liveness' }, { timeoutMs: START_TIMEOUT_MS });
    await waitForStatus(caseLookup, { path: '/health/readiness' }, { timeoutMs: START_TIMEOUT_MS });
    const readiness = await fetch(`${caseLookup.url}/health/readiness`);
    expect(readiness.status).toBe(200);
  });

  it("case-lookup's lazily loaded telemetry chunks load too: it starts with an OTLP endpoint set", async () => {
    await waitForStatus(sandbox, { path: '/health/liveness' }, { timeoutMs: START_TIMEOUT_MS });
    const traced = await start('case-lookup', {
      ...RECIPES['case-lookup']!(sandbox.url, outDir),
      // Nothing listens there: exports fail later, in the background, after this test.
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9',
    });
    await waitForStatus(traced, { path: '/health/readiness' }, { timeoutMs: START_TIMEOUT_MS });
    expect(traced.exited()).toBe(false);
  });

  it('warms the compile cache so a cold case-lookup reads its chunks instead of compiling them', async () => {
    await waitForStatus(sandbox, { path: '/health/liveness' }, { timeoutMs: START_TIMEOUT_MS });
    const cacheDir = join(outDir, 'compile-cache');
    const warm = spawnSync(process.execPath, [join(outDir, 'warm-compile-cache.js'), outDir], {
      env: { PATH: process.env.PATH ?? '', NODE_COMPILE_CACHE: cacheDir },
      encoding: 'utf8',
    });
    expect([warm.status, warm.stderr]).toEqual([0, '']);
    const chunks = (await readdir(join(outDir, 'case-lookup'))).filter((f) => f.endsWith('.js'));
    expect(warm.stdout).toMatch(/^compile cache: \d+ modules of /);
    const caseLookup = await start('case-lookup', {
      ...RECIPES['case-lookup']!(sandbox.url, outDir),
      NODE_COMPILE_CACHE: cacheDir,
      NODE_DEBUG_NATIVE: 'COMPILE_CACHE',
      AUTHZ_TUPLE_POLICY_FILE: join(outDir, 'policies/tuple-storage.json'),
      RELEVANT_CASES_FILE: join(outDir, 'policies/relevant-cases.json'),
    });
    await waitForStatus(caseLookup, { path: '/health/readiness' }, { timeoutMs: START_TIMEOUT_MS });
    const accepted = [
      ...caseLookup
        .output()
        .matchAll(/code cache for ESM file:\/\/\S+\/case-lookup\/(\S+\.js) was accepted/g),
    ];
    expect(accepted.length).toBeGreaterThan(5);
    for (const [, chunk] of accepted) expect(chunks).toContain(chunk);
    expect(caseLookup.output()).not.toMatch(/was rejected/);
  });
});
