/**
 * The cold starts of `npm run bench`, the sandbox already running: hello,
 * hello with case-lookup's production libraries loaded (their floor),
 * case-lookup in each configuration (spawn → listening → first authorized
 * 200, with and without the compile cache, and its start's parts timed in a
 * probe process), the sandbox and authz-sync; alternating, so no side alone
 * profits from a warm file cache. Then `npm run synth`'s wall time.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Bundle } from '../../infra/build/build.ts';
import { spawnNode, waitForStatus } from '../../infra/build/run-bundle.ts';
import type { BenchConfiguration } from './configurations.ts';
import type { ColdStart } from './report.ts';
import { SERVER_CORE, START_TIMEOUT_MS, start, stop } from './servers.ts';

export const COLD_RUNS = 5;
const root = join(import.meta.dirname, '../..');

export interface ColdStarts {
  readonly runs: number;
  readonly hello: number[];
  readonly withLibraries: number[];
  readonly configurations: ColdStart[];
  /** case-lookup in the last configuration with an OTLP endpoint set, as production runs it: spawn → first authorized 200. */
  readonly lastWithTelemetry: number[];
  readonly sandbox: number[];
  readonly authzSync: number[];
  readonly synthMs: number[];
}

export async function measureColdStarts(options: {
  readonly bundleOf: (name: string) => Bundle;
  readonly configurations: readonly BenchConfiguration[];
  readonly shipped: Record<string, string>;
  readonly search: { readonly path: string; readonly init: RequestInit };
  readonly compileCache: string;
  /** OTEL_* of a loopback sink, for the last configuration's run with telemetry on. */
  readonly telemetryEnv: Record<string, string>;
}): Promise<ColdStarts> {
  const { bundleOf, configurations, shipped, search, compileCache } = options;
  const wait = { timeoutMs: START_TIMEOUT_MS };
  const out: ColdStarts = {
    runs: COLD_RUNS,
    hello: [],
    withLibraries: [],
    configurations: configurations.map(() => ({
      listening: [],
      firstAuthorized: [],
      firstAuthorizedUncached: [],
      probe: { loaded: [], authorizer: [], databaseOpen: [], migrations: [] },
    })),
    lastWithTelemetry: [],
    sandbox: [],
    authzSync: [],
    synthMs: [],
  };
  // authz-sync works on an OpenFGA store: it starts where production's configuration has one.
  const store = configurations.find((c) => c.env.AUTHZ_MODE === 'openfga')?.env;
  const authzSyncEnv = store && {
    ...shipped,
    ...Object.fromEntries(Object.entries(store).filter(([key]) => key.startsWith('FGA_'))),
    SYNC_TOKEN: randomBytes(32).toString('hex'),
  };
  const timed = async (name: string, env: Record<string, string>, path: string) => {
    const p = await start(bundleOf(name), env, SERVER_CORE);
    const at = (await waitForStatus(p, { path }, wait)) - p.spawnedAt;
    await stop(p);
    return at;
  };
  for (let run = 0; run < COLD_RUNS; run++) {
    out.hello.push(await timed('hello', {}, '/'));
    out.withLibraries.push(await timed('with-libraries', { NODE_COMPILE_CACHE: compileCache }, '/'));
    for (const [i, configuration] of configurations.entries()) {
      const cold = out.configurations[i]!;
      const env = { ...shipped, ...configuration.env };
      const { nodeArgs } = configuration;
      const c = await start(bundleOf('case-lookup'), env, SERVER_CORE, nodeArgs);
      cold.listening.push((await waitForStatus(c, { path: '/health/liveness' }, wait)) - c.spawnedAt);
      cold.firstAuthorized.push((await waitForStatus(c, search, wait)) - c.spawnedAt);
      await stop(c);
      const { NODE_COMPILE_CACHE: _, ...uncachedEnv } = env;
      const u = await start(bundleOf('case-lookup'), uncachedEnv, SERVER_CORE, nodeArgs);
      cold.firstAuthorizedUncached.push((await waitForStatus(u, search, wait)) - u.spawnedAt);
      await stop(u);
      const parts = await runProbe(bundleOf('case-lookup-start-probe'), env, nodeArgs);
      cold.probe.loaded.push(parts.loadedMs);
      cold.probe.authorizer.push(parts.authorizerMs);
      cold.probe.databaseOpen.push(parts.databaseOpenMs);
      cold.probe.migrations.push(parts.migrationsMs);
    }
    const traced = { ...shipped, ...configurations.at(-1)!.env, ...options.telemetryEnv };
    const t = await start(bundleOf('case-lookup'), traced, SERVER_CORE, configurations.at(-1)!.nodeArgs);
    out.lastWithTelemetry.push((await waitForStatus(t, search, wait)) - t.spawnedAt);
    await stop(t);
    out.sandbox.push(await timed('sandbox', { SANDBOX_SEED: '851' }, '/health/liveness'));
    if (authzSyncEnv) out.authzSync.push(await timed('authz-sync', authzSyncEnv, '/health/readiness'));
  }
  out.synthMs.push(...measureSynth(join(shipped.AUTHZ_MODEL_FILE!, '..', 'synth')));
  return out;
}

/** Runs the bundled warmer as the Containerfile does; returns the cache folder. */
export function warmCompileCache(warmer: Bundle, workDir: string): string {
  const cache = join(workDir, 'compile-cache');
  const run = spawnSync(process.execPath, [warmer.file, workDir], {
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

async function runProbe(probe: Bundle, env: Record<string, string>, nodeArgs: readonly string[]) {
  const child = spawnNode([...nodeArgs, probe.file], { env, cwd: root, cpu: SERVER_CORE });
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
