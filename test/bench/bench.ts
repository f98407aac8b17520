/**
 * npm run bench — the functions as they ship (esbuild bundles; STACK-NOTES:
 * never tsx; the image's compiled model and policies and warm compile cache)
 * against a plain Hono "hello" bundle measured in the same run, in each
 * configuration the environment offers (configurations.ts): the local
 * defaults (embedded authorizer, PGlite) always; with `DATABASE_URL` also on
 * PostgreSQL; with `FGA_API_URL` too, production's (OpenFGA server,
 * PostgreSQL) — `.ci/with-services npm run bench` runs all three.
 * - throughput and p99 of case-lookup's authorized search in each
 *   configuration, and of school-lookup, appointments and access-log in the
 *   production-like one (the last), each vs hello and vs a reference making
 *   that function's upstream calls and nothing else (function-loads.ts);
 * - the same case-lookup load over the sandbox grown to every municipality, in
 *   each configuration, and appointments' in the production-like one, beside
 *   the pilot's figures, side by side (grown-lookups.ts);
 * - telemetry on (OTLP to a loopback sink, traces sampled as the targets
 *   deploy them, and every request traced) vs off, and idle RSS with and
 *   without telemetry configured, for case-lookup in the production-like one;
 * - cold start: spawn → first authorized 200 vs spawn → first 200 of hello
 *   (cold-start.ts);
 * - the rows other benches register (rows.ts: bench:authz, correspondence);
 * then every row judged against issue 10's aims (aims.ts), written to
 * results.json, REPORT.md and ratios.svg (write-report.ts).
 * The server under test runs alone on core 0; the load generator, the sandbox
 * and this script share core 1 (OpenFGA and PostgreSQL, when used, are not pinned).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { manifest as CASE_LOOKUP } from '../../functions/case-lookup/manifest.ts';
import { loadRelevantCasesPolicy } from '../../functions/kit/org-sync/relevant-cases-policy.ts';
import { openDevIssuer } from '../../functions/runtime/auth/dev-issuer.ts';
import { loadModel } from '../../functions/runtime/authz/model.ts';
import { generateSandboxData } from '../../functions/sandbox/data/generate.ts';
import { personas } from '../../functions/sandbox/data/personas.ts';
import { sandboxOrganisationTuples } from '../../functions/sandbox/organisation-tuples.ts';
import { bundle, compilePolicies, discoverFunctions } from '../../infra/build/build.ts';
import { type BundleProcess, canPin, waitForStatus } from '../../infra/build/run-bundle.ts';
import { inClusterEnv } from '../../infra/targets/defaults.ts';
import { issue10Rows } from './aims.ts';
import { measureColdStarts, warmCompileCache } from './cold-start.ts';
import { type BenchConfiguration, benchConfigurations } from './configurations.ts';
import { FUNCTION_LOADS, type FunctionLoad } from './function-loads.ts';
import {
  cycledRequests,
  expectAnswers,
  type FunctionRequests,
  functionRequests,
  referenceCalls,
} from './function-requests.ts';
import { measureGrownLookups } from './grown-lookups.ts';
import { type OtlpSink, startOtlpSink } from './otlp-sink.ts';
import { type BenchResult, cpuPerRequest, formatReport, type Throughput } from './report.ts';
import { collectRows, ROW_SOURCES } from './rows.ts';
import {
  idleRssMiB,
  LOAD,
  LOAD_CORE,
  SERVER_CORE,
  START_TIMEOUT_MS,
  start,
  stopAll,
  type ThroughputRun,
  throughput,
  throughputSideBySide,
} from './servers.ts';
import { writeReport } from './write-report.ts';

const SANDBOX_SEED = 851;
/** The log codes of a function's copy of the OpenFGA store once it decides, or once it was dropped (replica-authorizer.ts). */
const REPLICA_SETTLED = ['authz_replica_fresh', 'authz_replica_dropped'];
/** Children in the bench's sandbox: some 5,000 GP lookups in a cycle, 14 s of production's load or more. */
const SANDBOX_CHILDREN = 8_000;
const IDLE_SETTLE_MS = 3_000;
/** Lookups asked before the rest of the at-rest-after-use figure. */
const IDLE_AFTER_REQUESTS = 300;
const CASE_LOOKUP_MEMORY_MIB = Number(/^(\d+)Mi$/.exec(CASE_LOOKUP.resources.memory)?.[1]);

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const here = dirname(fileURLToPath(import.meta.url));
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

async function main(): Promise<BenchResult> {
  const loadAtStart = uptime();
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
        { name: 'kit-app', entry: join(here, 'hello/kit-app.ts') },
        { name: 'with-libraries', entry: join(here, 'hello/with-libraries.ts') },
        { name: 'case-lookup-start-probe', entry: join(here, 'case-lookup-start-probe.ts') },
        { name: 'warm-compile-cache', entry: join(root, 'infra/build/warm-compile-cache.ts') },
      ],
      workDir,
    ),
    compilePolicies(root, workDir),
  ]);
  const bundleOf = (name: string) => built.find((b) => b.name === name)!;
  const compileCache = warmCompileCache(bundleOf('warm-compile-cache'), workDir);

  // More children than the sandbox's default, so the load's cycle of lookups (lookup-cycle.ts) comes
  // back to a child only after OpenFGA's caches (10 s) have let it go.
  const data = generateSandboxData({ seed: SANDBOX_SEED, minChildren: SANDBOX_CHILDREN });
  const dataFile = join(workDir, 'sandbox-data.json');
  await writeFile(dataFile, JSON.stringify(data));
  const sandbox = await start(bundleOf('sandbox'), { SANDBOX_DATA_FILE: dataFile }, LOAD_CORE);
  await waitForStatus(sandbox, { path: '/health/liveness' }, { timeoutMs: START_TIMEOUT_MS });
  const people = personas(data);
  const keyFile = join(workDir, 'dev-key.json');
  const issuer = await openDevIssuer(keyFile);
  // Each load's requests are built and signed once, for its runs and its reference alike.
  const signed = new Map<FunctionLoad, Promise<FunctionRequests>>();
  const requestsOf = (load: FunctionLoad) => {
    let requests = signed.get(load);
    if (!requests) {
      requests = functionRequests(load, people, data, (p) => issuer.sign(p));
      signed.set(load, requests);
    }
    return requests;
  };
  const caseLookup = FUNCTION_LOADS.find((l) => l.fn === 'case-lookup')!;
  const caseLookupRequests = await requestsOf(caseLookup);
  const search = { path: caseLookupRequests.path, ...caseLookupRequests.first };
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
    // The start reads the organisation from the sandbox: on a loaded shared machine 3 s can pass before it
    // answers, and the start would fail. A deadline changes nothing while upstreams answer within it.
    UPSTREAM_TIMEOUT_MS: '10000',
  };
  const relevantCases = await loadRelevantCasesPolicy(join(root, 'policies/relevant-cases.yaml'));
  const pilotTuples = await sandboxOrganisationTuples(data, relevantCases);
  const configurations = await benchConfigurations(pilotTuples, workDir);
  const sink = await startOtlpSink();
  // As the targets deploy it (infra/targets/defaults.ts): traces sampled by ratio, metrics complete.
  const deployed = inClusterEnv('bench');
  const telemetryEnv = {
    OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
    OTEL_METRIC_EXPORT_INTERVAL: '5000',
    OTEL_TRACES_SAMPLER: deployed.OTEL_TRACES_SAMPLER!,
    OTEL_TRACES_SAMPLER_ARG: deployed.OTEL_TRACES_SAMPLER_ARG!,
  };
  const cold = await measureColdStarts({
    bundleOf,
    configurations,
    shipped,
    search,
    compileCache,
    telemetryEnv,
  });

  const hello = await throughput(sandbox, { server: bundleOf('hello'), env: {}, path: '/', readyPath: '/' });
  const kitApp = await throughput(sandbox, {
    server: bundleOf('kit-app'),
    env: {},
    path: '/echo',
    readyPath: '/health/liveness',
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ purpose: 'treatment', note: 'x'.repeat(200) }),
      },
    ],
  });
  const reference = async (load: FunctionLoad, requests: FunctionRequests) => {
    const callsFile = join(workDir!, `calls-${load.fn}.json`);
    await writeFile(callsFile, JSON.stringify(referenceCalls(load, requests, data)));
    return throughput(sandbox, {
      server: bundleOf('fan-out'),
      env: { UPSTREAM_BASE_URL: sandbox.url, BENCH_CALLS_FILE: callsFile },
      path: '/',
      readyPath: '/',
    });
  };
  const functionRun = (
    load: FunctionLoad,
    requests: FunctionRequests,
    env: Record<string, string>,
    /** As its container runs it: in a memory cgroup of the limit, with the command's Node flags. */
    container: { readonly memoryLimitMiB?: number; readonly nodeArgs?: readonly string[] } = {},
  ): ThroughputRun => ({
    server: bundleOf(load.fn),
    env,
    nodeArgs: container.nodeArgs ?? [],
    path: load.path,
    readyPath: '/health/readiness',
    requests: cycledRequests(requests),
    check: (running: BundleProcess) => expectAnswers(running.url, load, requests, data),
    mayFailAll: true,
    // A copy of the store is measured once it decides (or was dropped); how long that took is reported.
    ...(env.AUTHZ_REPLICA === 'on' ? { settleOn: REPLICA_SETTLED } : {}),
    ...(container.memoryLimitMiB ? { memoryLimitMiB: container.memoryLimitMiB } : {}),
  });
  const measureFunction = async (
    load: FunctionLoad,
    env: Record<string, string>,
    container?: Parameters<typeof functionRun>[3],
  ) => throughput(sandbox, functionRun(load, await requestsOf(load), env, container));
  /** As its container runs it: production's in its memory limit, each with its Service's Node flags. */
  const containerOf = (configuration: BenchConfiguration) => ({
    ...(configuration.env.AUTHZ_MODE === 'openfga' ? { memoryLimitMiB: CASE_LOOKUP_MEMORY_MIB } : {}),
    nodeArgs: configuration.nodeArgs,
  });
  const fanOut = await reference(caseLookup, caseLookupRequests);
  const results: BenchResult['configurations'][number][] = [];
  for (const [i, configuration] of configurations.entries()) {
    const deployed = configuration.env.AUTHZ_MODE === 'openfga';
    const env = { ...shipped, ...configuration.env };
    results.push({
      label: configuration.label,
      deployed,
      throughput: await measureFunction(caseLookup, env, containerOf(configuration)),
      coldStart: cold.configurations[i]!,
    });
  }

  const grown = await measureGrownLookups({
    data,
    relevantCases,
    sandboxBundle: bundleOf('sandbox'),
    workDir,
    pilot: configurations,
    everywhere: caseLookup,
    productionLike: FUNCTION_LOADS.filter((l) => l.fn === 'appointments'),
    measureSideBySide: async (grownSandbox, load, configuration, variables) => {
      const requests = await requestsOf(load);
      const [atPilot, atGrown] = await throughputSideBySide(
        grownSandbox,
        [variables.pilot, variables.grown].map((added) =>
          functionRun(load, requests, { ...shipped, ...added }, containerOf(configuration)),
        ),
      );
      return [atPilot!, atGrown!] as const;
    },
  });

  // The production-like configuration: the last the environment offers.
  const productionLike = configurations.at(-1)!;
  const env = { ...shipped, ...productionLike.env };
  const functionRows: BenchResult['functions'][number][] = [];
  for (const load of FUNCTION_LOADS.filter((l) => l !== caseLookup)) {
    functionRows.push({
      fn: load.fn,
      persona: load.persona,
      throughput: await measureFunction(load, env, { nodeArgs: productionLike.nodeArgs }),
      reference: await reference(load, await requestsOf(load)),
    });
  }
  // Telemetry off, on as deployed and every request traced, side by side on the server core (each in
  // the production row's memory cgroup), in rounds: measured one after another, runs seconds apart
  // differed by more than telemetry costs. The round of median on/off CPU per request is reported whole.
  const container = containerOf(productionLike);
  const everySink = await startOtlpSink();
  const variants = [
    env,
    { ...env, ...telemetryEnv },
    {
      ...env,
      ...telemetryEnv,
      OTEL_EXPORTER_OTLP_ENDPOINT: everySink.url,
      OTEL_TRACES_SAMPLER: 'always_on',
      OTEL_TRACES_SAMPLER_ARG: '',
    },
  ];
  const telemetryRounds: TelemetryRound[] = [];
  for (let round = 0; round < TELEMETRY_ROUNDS; round++) {
    const before = sink.counts();
    const [off, on, everyTraced] = await throughputSideBySide(
      sandbox,
      variants.map((variantEnv) => functionRun(caseLookup, caseLookupRequests, variantEnv, container)),
    );
    telemetryRounds.push({
      off: off!,
      on: on!,
      everyTraced: everyTraced!,
      exported: subtractCounts(sink.counts(), before),
    });
  }
  await everySink.close();
  const telemetry = medianRound(telemetryRounds);
  const idle = {
    off: await idleRssMiB(bundleOf('case-lookup'), env, search, IDLE_SETTLE_MS, productionLike.nodeArgs),
    on: await idleRssMiB(
      bundleOf('case-lookup'),
      { ...env, ...telemetryEnv },
      search,
      IDLE_SETTLE_MS,
      productionLike.nodeArgs,
    ),
    // At rest after some use, as a pod between bursts is: its young generation grown, each way of deciding.
    afterUse: [] as { label: string; mib: number }[],
  };
  const used = caseLookupRequests.cycle.slice(0, IDLE_AFTER_REQUESTS).map((request) => ({
    path: caseLookupRequests.path,
    init: request.init,
  }));
  for (const configuration of configurations.filter((c) => c.env.AUTHZ_MODE === 'openfga')) {
    idle.afterUse.push({
      label: configuration.label,
      mib: await idleRssMiB(
        bundleOf('case-lookup'),
        { ...shipped, ...configuration.env, ...telemetryEnv },
        search,
        IDLE_SETTLE_MS,
        configuration.nodeArgs,
        used,
      ),
    });
  }
  await sink.close();
  await Promise.all(configurations.map((c) => c.cleanup()));

  const registered = await collectRows(ROW_SOURCES, { root, workDir });
  return {
    node: process.version,
    pinned: canPin,
    cores: { server: SERVER_CORE, load: LOAD_CORE },
    machine: { loadAtStart, loadAtEnd: uptime() },
    bundles: built.map((b) => ({
      name: b.name,
      kib: Math.round(b.jsBytes / 1024),
      entryKib: Math.round(statSync(b.file).size / 1024),
    })),
    load: LOAD,
    hello: { throughput: hello, coldStart: cold.hello },
    withLibrariesColdStart: cold.withLibraries,
    telemetryColdStart: cold.lastWithTelemetry,
    kitApp,
    fanOut,
    configurations: results,
    pilotTuples: pilotTuples.length,
    grown,
    productionLike: productionLike.label,
    functions: functionRows,
    telemetry: {
      sampleRatio: Number(telemetryEnv.OTEL_TRACES_SAMPLER_ARG),
      rounds: TELEMETRY_ROUNDS,
      off: telemetry.off,
      on: telemetry.on,
      everyTraced: telemetry.everyTraced,
      exported: telemetry.exported,
      cpuRatios: telemetryRounds.map((t) => ({
        on: cpuPerRequest(t.on) / cpuPerRequest(t.off),
        everyTraced: cpuPerRequest(t.everyTraced) / cpuPerRequest(t.off),
      })),
      idleRssMiB: idle,
    },
    coldRuns: cold.runs,
    sandboxColdStart: cold.sandbox,
    authzSyncColdStart: cold.authzSync,
    synthMs: cold.synthMs,
    registered,
  };
}

const TELEMETRY_ROUNDS = 5;

interface TelemetryRound {
  readonly off: Throughput;
  readonly on: Throughput;
  readonly everyTraced: Throughput;
  readonly exported: ReturnType<typeof subtractCounts>;
}

/** The round of median on/off CPU per request (a real round, so its rows and its exports belong together). */
function medianRound(rounds: readonly TelemetryRound[]): TelemetryRound {
  const ratio = (t: TelemetryRound) => cpuPerRequest(t.on) / cpuPerRequest(t.off);
  const sorted = [...rounds].sort((a, b) => ratio(a) - ratio(b));
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** What the sink received during one throughput run. */
function subtractCounts(after: ReturnType<OtlpSink['counts']>, before: ReturnType<OtlpSink['counts']>) {
  return Object.fromEntries(
    Object.entries(after).map(([path, c]) => [
      path,
      { requests: c.requests - (before[path]?.requests ?? 0), bytes: c.bytes - (before[path]?.bytes ?? 0) },
    ]),
  );
}

function pinThisProcess(cpu: number): void {
  // -a: every thread (libuv's pool, V8's helpers), not only the main one.
  const { status } = spawnSync('taskset', ['-a', '-cp', String(cpu), String(process.pid)], {
    stdio: 'ignore',
  });
  if (status !== 0) console.warn('could not pin the bench process itself');
}

/** `uptime`'s load averages, as the report states how busy the machine was. */
function uptime(): string {
  return spawnSync('uptime', { encoding: 'utf8' }).stdout?.trim() ?? 'uptime unavailable';
}

try {
  const result = await main();
  const rows = [...issue10Rows(result), ...result.registered.rows];
  const text = formatReport(result, rows);
  console.log(text);
  const written = await writeReport(here, result, rows, text);
  console.log(`\nwritten: ${written.join(', ')}`);
} catch (error) {
  // Logged as an object: Node prints its causes too (a failed fetch says why only in its cause).
  console.error('bench failed:', error);
  process.exitCode = 1;
} finally {
  await stopAll();
}
