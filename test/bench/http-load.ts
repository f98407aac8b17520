/**
 * HTTP load for `npm run bench`: autocannon as a process of its own (pinned
 * to the load core, away from the server under test), and how busy a process
 * was while it ran.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { spawnNode } from '../../infra/build/run-bundle.ts';

export interface LoadSettings {
  readonly connections: number;
  readonly durationSec: number;
  readonly method?: 'GET' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
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

const AUTOCANNON = fileURLToPath(import.meta.resolve('autocannon/autocannon.js'));

export async function runLoad(url: string, settings: LoadSettings): Promise<LoadResult> {
  const args = [
    AUTOCANNON,
    '--json',
    '--no-progress',
    ...['--connections', String(settings.connections)],
    ...['--duration', String(settings.durationSec)],
    ...['--method', settings.method ?? 'GET'],
    ...Object.entries(settings.headers ?? {}).flatMap(([name, value]) => ['--headers', `${name}=${value}`]),
    ...(settings.body === undefined ? [] : ['--body', settings.body]),
    url,
  ];
  const child = spawnNode(args, { env: {}, cwd: process.cwd(), cpu: settings.cpu });
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
