/**
 * Starts built bundles as real processes, for the build test and the
 * benchmark: a free port, the given environment and nothing else, optionally
 * pinned to one CPU core. Every process started here is killed when the
 * calling process exits, however it exits.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';

export interface BundleProcess {
  readonly pid: number;
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `performance.now()` just before the spawn. */
  readonly spawnedAt: number;
  /** What the process wrote to stdout and stderr so far, for failure messages. */
  output(): string;
  /** Whether the process has ended. */
  exited(): boolean;
  /** SIGTERM, then SIGKILL if it has not ended after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  /** The whole environment of the process; `PORT` is added. */
  readonly env: Readonly<Record<string, string>>;
  /** The working directory (repo-relative defaults such as `AUTHZ_MODEL_FILE` resolve from here). */
  readonly cwd: string;
  /** Pin the process to this core when `taskset` is there. */
  readonly cpu?: number;
  /** Use this port instead of a free one. */
  readonly port?: number;
  /**
   * A cgroup's `cgroup.procs` file: the process joins that cgroup before Node starts, so it
   * sizes its heap by the cgroup's memory limit as it would in its container.
   */
  readonly cgroupProcs?: string;
  /** How much of the latest output `output()` keeps. @default 20 000 characters */
  readonly keepOutput?: number;
  /** Node's own flags, before the bundle (`node <nodeArgs> <file>`), as its container's command gives them. */
  readonly nodeArgs?: readonly string[];
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Whether processes can be pinned to separate cores here (Linux `taskset`, two cores or more). */
export const canPin: boolean =
  availableParallelism() >= 2 && spawnSync('taskset', ['-c', '0', 'true']).status === 0;

/** Runs `node <args>` (pinned to `cpu` when possible) with only `env`. */
export function spawnNode(args: readonly string[], options: Omit<StartOptions, 'port'>): ChildProcess {
  const pinned =
    options.cpu !== undefined && canPin
      ? ['taskset', '-c', String(options.cpu), process.execPath, ...args]
      : [process.execPath, ...args];
  // The shell writes its own pid into the cgroup, then becomes the command (exec keeps the pid).
  const [command, ...argv] = options.cgroupProcs
    ? ['sh', '-c', 'echo $$ > "$0" && exec "$@"', options.cgroupProcs, ...pinned]
    : pinned;
  const child = spawn(command!, argv, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

export async function startBundle(file: string, options: StartOptions): Promise<BundleProcess> {
  const port = options.port ?? (await freePort());
  const spawnedAt = performance.now();
  const child = spawnNode([...(options.nodeArgs ?? []), file], {
    ...options,
    env: { ...options.env, PORT: String(port) },
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-(options.keepOutput ?? 20_000));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const ended = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    pid: child.pid!,
    port,
    url: `http://127.0.0.1:${port}`,
    spawnedAt,
    output: () => output,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    async stop(graceMs = 5_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await ended;
      clearTimeout(timer);
    },
  };
}

/**
 * Polls `request` until it answers `status`; returns `performance.now()` of
 * that answer. Fails early, with the process's output, if the process ends.
 */
export async function waitForStatus(
  target: BundleProcess,
  request: { path: string; init?: RequestInit; status?: number },
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<number> {
  const deadline = performance.now() + (options.timeoutMs ?? 30_000);
  const wanted = request.status ?? 200;
  let last = 'no answer';
  while (performance.now() < deadline) {
    if (target.exited()) throw new Error(`${request.path}: the process ended\n${target.output()}`);
    try {
      const response = await fetch(`${target.url}${request.path}`, request.init);
      await response.arrayBuffer();
      if (response.status === wanted) return performance.now();
      last = `status ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : 'fetch failed';
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 5));
  }
  throw new Error(`${request.path}: no ${wanted} in time (last: ${last})\n${target.output()}`);
}

/** A TCP port free right now on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
