/**
 * HTTP load for `npm run bench`: autocannon as a process of its own
 * (load-runner.ts, pinned to the load core, away from the server under test)
 * sending a cycle of requests, and how busy a process was while it ran.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnNode } from '../../infra/build/run-bundle.ts';
import type { CycledRequest, RunnerSettings } from './load-runner.ts';

export interface LoadSettings {
  readonly connections: number;
  readonly durationSec: number;
  /** Sent in turn, one cycle across all connections; one GET without a body when absent. */
  readonly requests?: readonly CycledRequest[];
  /** Where in the cycle the first request is: a run after a warm-up goes on where the warm-up stopped. @default 0 */
  readonly startAt?: number;
  /** The core autocannon runs on. */
  readonly cpu: number;
}

export interface LoadResult {
  readonly requestsPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly total: number;
  /** Answers other than 2xx, errors and timeouts: a run with any of these measured something else. */
  readonly failures: { readonly non2xx: number; readonly errors: number; readonly timeouts: number };
}

export type { CycledRequest };

const RUNNER = fileURLToPath(new URL('./load-runner.ts', import.meta.url));

export async function runLoad(url: string, settings: LoadSettings): Promise<LoadResult> {
  // The requests (tokens, bodies) go in a file of their own: a cycle of thousands outgrows an argument.
  const dir = await mkdtemp(join(tmpdir(), 'hoi-load-'));
  try {
    const file = join(dir, 'settings.json');
    const runner: RunnerSettings = {
      url,
      connections: settings.connections,
      durationSec: settings.durationSec,
      requests: settings.requests ?? [{ method: 'GET' }],
      startAt: settings.startAt ?? 0,
    };
    await writeFile(file, JSON.stringify(runner), { mode: 0o600 });
    return await runRunner(file, settings.cpu);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function runRunner(file: string, cpu: number): Promise<LoadResult> {
  const child = spawnNode(['--disable-warning=ExperimentalWarning', RUNNER, file], {
    env: {},
    cwd: process.cwd(),
    cpu,
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`autocannon exited with ${code}: ${stderr.slice(-2000)}`);
  const result = JSON.parse(stdout) as {
    requests: { total: number };
    latency: { p50: number; p99: number };
    duration: number;
    '2xx': number;
    non2xx: number;
    errors: number;
    timeouts: number;
  };
  return {
    // Successful answers only: a refusal under overload is not throughput.
    requestsPerSec: result['2xx'] / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    failures: { non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts },
  };
}

const CLOCK_TICKS_PER_SEC = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;

/** CPU seconds (user + system) a process has used so far; NaN where /proc is not there. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SEC;
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds of a process and of its children (PostgreSQL's backends are the postmaster's); NaN without /proc. */
export function treeCpuSeconds(pid: number): number {
  let children: number[] = [];
  try {
    children = readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .map(Number)
      .filter((child) => parentOf(child) === pid);
  } catch {
    return Number.NaN;
  }
  return children.reduce((sum, child) => sum + (cpuSeconds(child) || 0), cpuSeconds(pid));
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** The most resident memory a process has held so far (Linux `VmHWM`), in MiB; NaN where /proc is not there. */
export function peakRssMiB(pid: number): number {
  try {
    const kib = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib === undefined ? Number.NaN : Number(kib) / 1024;
  } catch {
    return Number.NaN;
  }
}
