/**
 * The processes `npm run bench` starts (every one stopped at exit) and the
 * throughput run: a server alone on its core, warmed up, then measured by
 * autocannon on the other core, with how busy it and the sandbox were.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bundle } from '../../infra/build/build.ts';
import { type BundleProcess, startBundle, waitForStatus } from '../../infra/build/run-bundle.ts';
import { type CycledRequest, cpuSeconds, peakRssMiB, runLoad, treeCpuSeconds } from './http-load.ts';
import { createMemoryCgroup } from './memory-cgroup.ts';
import type { Throughput } from './report.ts';

export const SERVER_CORE = 0;
export const LOAD_CORE = 1;
export const LOAD = { connections: 50, warmUpSec: 3, durationSec: 10 };
export const START_TIMEOUT_MS = 60_000;
const root = join(import.meta.dirname, '../..');

const started = new Set<BundleProcess>();

export async function start(
  built: Bundle,
  env: Record<string, string>,
  cpu: number,
  nodeArgs: readonly string[] = [],
): Promise<BundleProcess> {
  const running = await startBundle(built.file, { env, cwd: root, cpu, nodeArgs });
  started.add(running);
  return running;
}

export async function stop(running: BundleProcess): Promise<void> {
  await running.stop();
  started.delete(running);
}

export async function stopAll(): Promise<void> {
  await Promise.all([...started].map((p) => p.stop()));
}

export interface ThroughputRun {
  /** Run the server in a memory cgroup with this limit, as its container would be. */
  readonly memoryLimitMiB?: number;
  readonly server: Bundle;
  readonly env: Record<string, string>;
  /** Node's flags before the bundle, as its container's command gives them. */
  readonly nodeArgs?: readonly string[];
  readonly path: string;
  /** Answers 200 once the server can take load. */
  readonly readyPath: string;
  /** The requests the load sends in turn (one cycle across its connections); one GET when absent. */
  readonly requests?: readonly CycledRequest[];
  /** Runs once before the load: the answer measured must be the intended one. */
  readonly check?: (running: BundleProcess) => Promise<void>;
  /** A function may fail every request under load (its failures are reported); a reference may not. @default false */
  readonly mayFailAll?: boolean;
  /**
   * Log codes (`"code":"…"` in its JSON lines) the server writes once it has settled, one of which
   * the load waits for after readiness: a function whose copy of the OpenFGA store is still loading
   * is measured once it has caught up (`authz_replica_fresh`) or given up (`authz_replica_dropped`).
   */
  readonly settleOn?: readonly string[];
}

/** How long a server may take to settle (settleOn) before the run fails. */
const SETTLE_TIMEOUT_MS = 180_000;

/** Starts the server alone on its core, warms it up, then measures; also how busy it and the sandbox were. */
export async function throughput(sandbox: BundleProcess, run: ThroughputRun): Promise<Throughput> {
  const [measured] = await throughputSideBySide(sandbox, [run]);
  return measured!;
}

/**
 * Several servers on the server core at the same time, each loaded by an
 * autocannon of its own with an equal share of the connections: they share
 * the core (the kernel gives each the same time) and whatever the host does
 * meanwhile, so a small difference between them is measured against the same
 * moment, not against a run seconds apart on a machine whose speed drifts
 * (run side by side with itself, a function measures within 1%). The sandbox,
 * OpenFGA and PostgreSQL serve them all; each server is given their CPU in
 * proportion to the requests it answered.
 */
export async function throughputSideBySide(
  sandbox: BundleProcess,
  runs: readonly ThroughputRun[],
): Promise<Throughput[]> {
  const servers: { running: BundleProcess; cgroup: ReturnType<typeof createMemoryCgroup> | undefined }[] = [];
  try {
    for (const [i, run] of runs.entries()) {
      const cgroup =
        run.memoryLimitMiB === undefined
          ? undefined
          : createMemoryCgroup(`hoi-bench-${process.pid}-${run.server.name}-${i}`, run.memoryLimitMiB);
      const running = await startBundle(run.server.file, {
        env: ownDatabaseDir(run.env, i, runs.length),
        nodeArgs: run.nodeArgs ?? [],
        cwd: root,
        cpu: SERVER_CORE,
        ...(cgroup ? { cgroupProcs: cgroup.procs } : {}),
      });
      started.add(running);
      servers.push({ running, cgroup });
    }
    const settled: ({ ms: number; code: string } | undefined)[] = [];
    for (const [i, { running }] of servers.entries()) {
      await waitForStatus(running, { path: runs[i]!.readyPath }, { timeoutMs: START_TIMEOUT_MS });
      await runs[i]!.check?.(running);
    }
    for (const [i, { running }] of servers.entries()) settled[i] = await settle(running, runs[i]!.settleOn);
    const connections = Math.max(1, Math.round(LOAD.connections / runs.length));
    // Servers side by side start at different places in their cycles, so no server's requests are the
    // ones another has just made (OpenFGA's caches would answer them); the measured run goes on where
    // the warm-up stopped.
    const offsets = runs.map((run, i) => Math.floor((i * (run.requests?.length ?? 1)) / runs.length));
    const loadAll = (durationSec: number, sent: readonly number[]) =>
      Promise.all(
        servers.map(({ running }, i) =>
          runLoad(`${running.url}${runs[i]!.path}`, {
            ...(runs[i]!.requests ? { requests: runs[i]!.requests } : {}),
            startAt: offsets[i]! + sent[i]!,
            connections,
            cpu: LOAD_CORE,
            durationSec,
          }),
        ),
      );
    const warmUp = await loadAll(
      LOAD.warmUpSec,
      runs.map(() => 0),
    );
    const before = {
      servers: servers.map(({ running }) => cpuSeconds(running.pid)),
      sandbox: cpuSeconds(sandbox.pid),
      services: servicesCpu(),
    };
    const results = await loadAll(
      LOAD.durationSec,
      warmUp.map((w) => w.total),
    );
    const after = {
      servers: servers.map(({ running }) => cpuSeconds(running.pid)),
      sandbox: cpuSeconds(sandbox.pid),
      services: servicesCpu(),
    };
    const answered = results.reduce((sum, r) => sum + r.requestsPerSec, 0);
    return results.map((result, i) => {
      const run = runs[i]!;
      const { running, cgroup } = servers[i]!;
      if (result.requestsPerSec === 0 && !run.mayFailAll) {
        throw new Error(`${run.server.name}: no answer under load succeeded`);
      }
      const part = answered > 0 ? result.requestsPerSec / answered : 1 / runs.length;
      const shareOf = (a: number, b: number) => ((b - a) * part) / LOAD.durationSec;
      const measured: Throughput = {
        ...result,
        coreShare: (after.servers[i]! - before.servers[i]!) / LOAD.durationSec,
        sandboxCoreShare: shareOf(before.sandbox, after.sandbox),
        servicesCoreShare: {
          openfga: shareOf(before.services.openfga, after.services.openfga),
          postgres: shareOf(before.services.postgres, after.services.postgres),
        },
        peakRssMiB: peakRssMiB(running.pid),
        ...(settled[i] ? { settled: settled[i] } : {}),
      };
      return cgroup
        ? {
            ...measured,
            cgroup: { limitMiB: cgroup.limitMiB, peakMiB: cgroup.peakMiB(), oomKills: cgroup.oomKills() },
          }
        : measured;
    });
  } finally {
    await Promise.all(servers.map(({ running }) => stop(running)));
    for (const { cgroup } of servers) cgroup?.remove();
  }
}

/** Waits until the server has written one of `codes`, and says which and when (ms after the spawn). */
async function settle(
  running: BundleProcess,
  codes: readonly string[] | undefined,
): Promise<{ ms: number; code: string } | undefined> {
  if (!codes?.length) return undefined;
  const deadline = performance.now() + SETTLE_TIMEOUT_MS;
  for (;;) {
    const output = running.output();
    const code = codes.find((c) => output.includes(`"code":"${c}"`));
    if (code) return { ms: Math.round(performance.now() - running.spawnedAt), code };
    if (running.exited() || performance.now() > deadline)
      throw new Error(`${running.url}: did not write ${codes.join(' or ')} in time\n${output.slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * PGlite's directory is one process's (a second one on it fails to start):
 * servers side by side each get a directory of their own, the same one in each
 * round, so each keeps its audit log between runs as one server does.
 */
export function ownDatabaseDir(
  env: Record<string, string>,
  index: number,
  sideBySide: number,
): Record<string, string> {
  return sideBySide > 1 && env.PGLITE_DIR ? { ...env, PGLITE_DIR: `${env.PGLITE_DIR}-${index}` } : env;
}

/**
 * CPU seconds so far of the OpenFGA server and of PostgreSQL (its postmaster and
 * backends) that `.ci/with-services` started, by the pids it exports; NaN
 * where they were not started so (a run without services, or services of
 * someone else's), and the report leaves them out.
 */
function servicesCpu(env: Readonly<Record<string, string | undefined>> = process.env) {
  const pid = (name: string) => (env[name] && /^\d+$/.test(env[name]) ? Number(env[name]) : undefined);
  const openfga = pid('HOI_OPENFGA_PID');
  const postgres = pid('HOI_POSTGRES_PID');
  return {
    openfga: openfga === undefined ? Number.NaN : treeCpuSeconds(openfga),
    postgres: postgres === undefined ? Number.NaN : treeCpuSeconds(postgres),
  };
}

/**
 * Resident memory of a started function at rest: ready, one answered request,
 * then `settleMs` idle (timers, a first telemetry export) — Linux `VmRSS`, MiB.
 */
export async function idleRssMiB(
  server: Bundle,
  env: Record<string, string>,
  request: { path: string; init: RequestInit },
  settleMs: number,
  nodeArgs: readonly string[] = [],
  /** Asked one after another after `request`, before the rest: a process at rest after some use. */
  then: readonly { path: string; init: RequestInit }[] = [],
): Promise<number> {
  const running = await start(server, env, SERVER_CORE, nodeArgs);
  try {
    await waitForStatus(running, { path: '/health/readiness' }, { timeoutMs: START_TIMEOUT_MS });
    for (const asked of [request, ...then]) {
      const answer = await fetch(`${running.url}${asked.path}`, asked.init);
      await answer.arrayBuffer();
      if (answer.status !== 200)
        throw new Error(`${server.name} at rest: a request answered ${answer.status}`);
    }
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    const kib = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${running.pid}/status`, 'utf8'))?.[1];
    return kib === undefined ? Number.NaN : Number(kib) / 1024;
  } finally {
    await stop(running);
  }
}
