/**
 * npm run bench — case-lookup as it ships (esbuild bundles; STACK-NOTES: never
 * tsx; the image's compiled model and policies and warm compile cache) against
 * a plain Hono "hello" bundle measured in the same run, in each configuration
 * the environment offers (configurations.ts): the local defaults (embedded
 * authorizer, PGlite) always; with `DATABASE_URL` also on PostgreSQL; with
 * `FGA_API_URL` too, production's (OpenFGA server, PostgreSQL) —
 * `.ci/with-services npm run bench` runs all three.
 * - throughput and p99 of the authorized search (GP persona, demo child, a real
 *   token) vs `GET /` on hello, same autocannon settings. Aim: ≥ 0.3×. A
 *   reference row, hello making the search's five upstream calls over the
 *   kit's transport, is the ceiling that pulling the facts per request sets.
 * - cold start: spawn → first authorized 200 vs spawn → first 200 of hello,
 *   the sandbox already running, with and without the compile cache; the
 *   parts of case-lookup's start are timed in a probe process. Aim: ≤ 1.5×.
 * The server under test runs alone on core 0; the load generator, the sandbox
 * (the upstreams) and this script share core 1 (OpenFGA and PostgreSQL, when
 * used, are not pinned). The embedded authorizer has its own benchmark:
 * `npm run bench:authz`.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { manifest as CASE_LOOKUP } from '../../functions/case-lookup/manifest.ts';
import { openDevIssuer } from '../../functions/runtime/auth/dev-issuer.ts';
import { loadModel } from '../../functions/runtime/authz/model.ts';
import { generateSandboxData } from '../../functions/sandbox/data/generate.ts';
import { personas } from '../../functions/sandbox/data/personas.ts';
import { type Bundle, bundle, compilePolicies, discoverFunctions } from '../../infra/build/build.ts';
import {
  type BundleProcess,
  canPin,
  spawnNode,
  startBundle,
  waitForStatus,
} from '../../infra/build/run-bundle.ts';
import { benchConfigurations } from './configurations.ts';
import { cpuSeconds, type LoadSettings, peakRssMiB, runLoad } from './http-load.ts';
import { createMemoryCgroup } from './memory-cgroup.ts';
import { type BenchResult, type ConfigurationResult, printReport, type Throughput } from './report.ts';

const SERVER_CORE = 0;
const LOAD_CORE = 1;
const LOAD = { connections: 50, warmUpSec: 3, durationSec: 10 };
const COLD_RUNS = 5;
const SANDBOX_SEED = 851;
const START_TIMEOUT_MS = 60_000;
const SEARCH_PATH = '/v1/relevant-cases/search';
const CASE_LOOKUP_MEMORY_MIB = Number(/^(\d+)Mi$/.exec(CASE_LOOKUP.resources.memory)?.[1]);

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const here = dirname(fileURLToPath(import.meta.url));
const started = new Set<BundleProcess>();
let workDir: string | undefined;
process.once('exit', () => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`bench stopped by ${signal}`);
    process.exit(130);
  });
}

async function start(built: Bundle, env: Record<string, string>, cpu: number): Promise<BundleProcess> {
  const running = await startBundle(built.file, { env, cwd: root, cpu });
  started.add(running);
  return running;
}

async function stop(running: BundleProcess): Promise<void> {
  await running.stop();
  started.delete(running);
}

async function main(): Promise<BenchResult> {
  if (canPin) pinThisProcess(LOAD_CORE);
  await mkdir(join(root, '.cache'), { recursive: true });
  // Inside the repository, so the external `pg` resolves from its node_modules as it does from dist/.
  workDir = await mkdtemp(join(root, '.cache', 'bench-'));
  const functions = await discoverFunctions(root);
  const [built] = await Promise.all([
    bundle(
      [
        ...functions,
        { name: 'hello', entry: join(here, 'hello/hello.ts') },
        { name: 'fan-out', entry: join(here, 'hello/fan-out.ts') },
        { name: 'with-libraries', entry: join(here, 'hello/with-libraries.ts') },
        { name: 'case-lookup-start-probe', entry: join(here, 'case-lookup-start-probe.ts') },
        { name: 'warm-compile-cache', entry: join(root, 'infra/build/warm-compile-cache.ts') },
      ],
      workDir,
    ),
    compilePolicies(root, workDir),
  ]);
  const bundleOf = (name: string) => built.find((b) => b.name === name)!;
  const compileCache = warmCompileCache(bundleOf('warm-compile-cache'));

  const sandbox = await start(bundleOf('sandbox'), { SANDBOX_SEED: String(SANDBOX_SEED) }, LOAD_CORE);
  await waitForStatus(sandbox, { path: '/health/liveness' }, { timeoutMs: START_TIMEOUT_MS });
  const data = generateSandboxData({ seed: SANDBOX_SEED });
  const gp = personas(data).find((p) => p.key === 'gp')!;
  const keyFile = join(workDir, 'dev-key.json');
  const token = await (await openDevIssuer(keyFile)).sign(gp);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const body = JSON.stringify({ cpr: gp.demoChildCpr, purpose: 'treatment' });
  const search = { path: SEARCH_PATH, init: { method: 'POST', headers, body } };
  const modelFile = join(workDir, 'authorization-model.json');
  await writeFile(modelFile, JSON.stringify(await loadModel(join(root, 'openfga/model/model.fga'))));
  // As the image ships it (Containerfile): compiled model and policies, a warm compile cache.
  const shipped = {
    UPSTREAM_BASE_URL: sandbox.url,
    AUTHZ_MODEL_FILE: modelFile,
    AUTHZ_TUPLE_POLICY_FILE: join(workDir, 'policies/tuple-storage.json'),
    RELEVANT_CASES_FILE: join(workDir, 'policies/relevant-cases.json'),
    PSEUDONYM_KEY: randomBytes(32).toString('hex'),
    AUTH_DEV_KEY_FILE: keyFile,
    NODE_COMPILE_CACHE: compileCache,
  };
  const configurations = await benchConfigurations(data, workDir);
  const wait = { timeoutMs: START_TIMEOUT_MS };

  // Cold starts first, alternating, so no side alone profits from a warm file cache.
  const hello: number[] = [];
  const withLibraries: number[] = [];
  const sandboxStarts: number[] = [];
  const authzSyncStarts: number[] = [];
  // authz-sync works on an OpenFGA store: it starts where production's configuration has one.
  const store = configurations.find((c) => c.env.AUTHZ_MODE === 'openfga')?.env;
  const authzSyncEnv = store && {
    ...shipped,
    ...Object.fromEntries(Object.entries(store).filter(([key]) => key.startsWith('FGA_'))),
    SYNC_TOKEN: randomBytes(32).toString('hex'),
  };
  const cold = configurations.map(() => ({
    listening: [] as number[],
    firstAuthorized: [] as number[],
    firstAuthorizedUncached: [] as number[],
    probe: {
      loaded: [] as number[],
      authorizer: [] as number[],
      databaseOpen: [] as number[],
      migrations: [] as number[],
    },
  }));
  for (let run = 0; run < COLD_RUNS; run++) {
    const h = await start(bundleOf('hello'), {}, SERVER_CORE);
    hello.push((await waitForStatus(h, { path: '/' }, wait)) - h.spawnedAt);
    await stop(h);
    const l = await start(bundleOf('with-libraries'), { NODE_COMPILE_CACHE: compileCache }, SERVER_CORE);
    withLibraries.push((await waitForStatus(l, { path: '/' }, wait)) - l.spawnedAt);
    await stop(l);
    for (const [i, configuration] of configurations.entries()) {
      const env = { ...shipped, ...configuration.env };
      const c = await start(bundleOf('case-lookup'), env, SERVER_CORE);
      cold[i]!.listening.push((await waitForStatus(c, { path: '/health/liveness' }, wait)) - c.spawnedAt);
      cold[i]!.firstAuthorized.push((await waitForStatus(c, search, wait)) - c.spawnedAt);
      await stop(c);
      const { NODE_COMPILE_CACHE: _, ...uncachedEnv } = env;
      const u = await start(bundleOf('case-lookup'), uncachedEnv, SERVER_CORE);
      cold[i]!.firstAuthorizedUncached.push((await waitForStatus(u, search, wait)) - u.spawnedAt);
      await stop(u);
      const parts = await runProbe(bundleOf('case-lookup-start-probe'), env);
      cold[i]!.probe.loaded.push(parts.loadedMs);
      cold[i]!.probe.authorizer.push(parts.authorizerMs);
      cold[i]!.probe.databaseOpen.push(parts.databaseOpenMs);
      cold[i]!.probe.migrations.push(parts.migrationsMs);
    }
    const s = await start(bundleOf('sandbox'), { SANDBOX_SEED: String(SANDBOX_SEED) }, SERVER_CORE);
    sandboxStarts.push((await waitForStatus(s, { path: '/health/liveness' }, wait)) - s.spawnedAt);
    await stop(s);
    if (authzSyncEnv) {
      const a = await start(bundleOf('authz-sync'), authzSyncEnv, SERVER_CORE);
      authzSyncStarts.push((await waitForStatus(a, { path: '/health/readiness' }, wait)) - a.spawnedAt);
      await stop(a);
    }
  }
  const synthMs = measureSynth(join(workDir, 'synth'));

  const helloThroughput = await throughput(sandbox, {
    server: bundleOf('hello'),
    env: {},
    path: '/',
    readyPath: '/',
  });
  const fanOut = await throughput(sandbox, {
    server: bundleOf('fan-out'),
    env: { UPSTREAM_BASE_URL: sandbox.url, BENCH_CPR: gp.demoChildCpr },
    path: '/',
    readyPath: '/',
  });
  const results: ConfigurationResult[] = [];
  for (const [i, configuration] of configurations.entries()) {
    const measured = await throughput(sandbox, {
      server: bundleOf('case-lookup'),
      env: { ...shipped, ...configuration.env },
      path: SEARCH_PATH,
      readyPath: '/health/readiness',
      request: { method: 'POST', headers, body },
      check: (c) => expectRelevantCase(c, search.init),
      ...(configuration.env.AUTHZ_MODE === 'openfga' ? { memoryLimitMiB: CASE_LOOKUP_MEMORY_MIB } : {}),
    });
    results.push({
      label: configuration.label,
      deployed: configuration.env.AUTHZ_MODE === 'openfga',
      throughput: measured,
      coldStart: cold[i]!,
    });
  }
  await Promise.all(configurations.map((c) => c.cleanup()));

  return {
    node: process.version,
    pinned: canPin,
    cores: { server: SERVER_CORE, load: LOAD_CORE },
    bundles: built.map((b) => ({ name: b.name, kib: Math.round(b.jsBytes / 1024) })),
    load: LOAD,
    hello: { throughput: helloThroughput, coldStart: hello },
    withLibrariesColdStart: withLibraries,
    fanOut,
    configurations: results,
    coldRuns: COLD_RUNS,
    sandboxColdStart: sandboxStarts,
    authzSyncColdStart: authzSyncStarts,
    synthMs,
  };
}

/** Runs the bundled warmer as the Containerfile does; returns the cache folder. */
function warmCompileCache(warmer: Bundle): string {
  const cache = join(workDir!, 'compile-cache');
  const run = spawnSync(process.execPath, [warmer.file, workDir!], {
    env: { PATH: process.env.PATH ?? '', NODE_COMPILE_CACHE: cache },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`warming the compile cache failed: ${run.stderr}`);
  return cache;
}

/** Wall time of `node infra/main.ts` (what `npm run synth` runs), three runs into a scratch folder. */
function measureSynth(outDir: string): number[] {
  return [0, 1, 2].map(() => {
    const started = performance.now();
    const run = spawnSync(process.execPath, [join(root, 'infra/main.ts')], {
      cwd: root,
      env: { ...process.env, CDKTF_OUTDIR: outDir },
      stdio: 'ignore',
    });
    if (run.status !== 0) throw new Error('npm run synth failed inside the bench');
    return performance.now() - started;
  });
}

interface ThroughputRun {
  /** Run the server in a memory cgroup with this limit, as its container would be. */
  readonly memoryLimitMiB?: number;
  readonly server: Bundle;
  readonly env: Record<string, string>;
  readonly path: string;
  /** Answers 200 once the server can take load. */
  readonly readyPath: string;
  readonly request?: Pick<LoadSettings, 'method' | 'headers' | 'body'>;
  /** Runs once before the load: the answer measured must be the intended one. */
  readonly check?: (running: BundleProcess) => Promise<void>;
}

/** Starts the server alone on its core, warms it up, then measures; also how busy it and the sandbox were. */
async function throughput(sandbox: BundleProcess, run: ThroughputRun): Promise<Throughput> {
  const cgroup =
    run.memoryLimitMiB === undefined
      ? undefined
      : createMemoryCgroup(`hoi-bench-${process.pid}-${run.server.name}`, run.memoryLimitMiB);
  const running = await startBundle(run.server.file, {
    env: run.env,
    cwd: root,
    cpu: SERVER_CORE,
    ...(cgroup ? { cgroupProcs: cgroup.procs } : {}),
  });
  started.add(running);
  try {
    await waitForStatus(running, { path: run.readyPath }, { timeoutMs: START_TIMEOUT_MS });
    await run.check?.(running);
    const url = `${running.url}${run.path}`;
    const settings = { ...run.request, connections: LOAD.connections, cpu: LOAD_CORE };
    await runLoad(url, { ...settings, durationSec: LOAD.warmUpSec });
    const before = { server: cpuSeconds(running.pid), sandbox: cpuSeconds(sandbox.pid) };
    const result = await runLoad(url, { ...settings, durationSec: LOAD.durationSec });
    if (result.requestsPerSec === 0) throw new Error(`${run.server.name}: no answer under load succeeded`);
    const measured = {
      ...result,
      coreShare: (cpuSeconds(running.pid) - before.server) / LOAD.durationSec,
      sandboxCoreShare: (cpuSeconds(sandbox.pid) - before.sandbox) / LOAD.durationSec,
      peakRssMiB: peakRssMiB(running.pid),
    };
    await stop(running);
    return cgroup
      ? {
          ...measured,
          cgroup: { limitMiB: cgroup.limitMiB, peakMiB: cgroup.peakMiB(), oomKills: cgroup.oomKills() },
        }
      : measured;
  } finally {
    await stop(running);
    cgroup?.remove();
  }
}

/** The measured answer must be the real one: allowed, with the demo child's case. */
async function expectRelevantCase(target: BundleProcess, init: RequestInit): Promise<void> {
  const response = await fetch(`${target.url}${SEARCH_PATH}`, init);
  const answer = (await response.json()) as { hasRelevantCase?: boolean };
  if (response.status !== 200 || answer.hasRelevantCase !== true) {
    throw new Error(
      `the gp persona's search answered ${response.status}, not a case: the bench would measure a refusal`,
    );
  }
}

async function runProbe(probe: Bundle, env: Record<string, string>) {
  const child = spawnNode([probe.file], { env, cwd: root, cpu: SERVER_CORE });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const line = output.split('\n').find((l) => l.startsWith('{'));
  if (code !== 0 || !line) throw new Error(`start probe failed (${code}): ${output.slice(-2000)}`);
  return JSON.parse(line) as {
    loadedMs: number;
    authorizerMs: number;
    databaseOpenMs: number;
    migrationsMs: number;
  };
}

function pinThisProcess(cpu: number): void {
  // -a: every thread (libuv's pool, V8's helpers), not only the main one.
  const { status } = spawnSync('taskset', ['-a', '-cp', String(cpu), String(process.pid)], {
    stdio: 'ignore',
  });
  if (status !== 0) console.warn('could not pin the bench process itself');
}

try {
  printReport(await main());
} catch (error) {
  console.error(`bench failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exitCode = 1;
} finally {
  await Promise.all([...started].map((p) => p.stop()));
}
