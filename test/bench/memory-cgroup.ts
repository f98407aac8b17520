/**
 * A memory cgroup for one process of `npm run bench`, with the memory limit its
 * container would have: Node then sizes its heap as it would there, and the
 * kernel enforces the limit. cgroup v2 or v1, where this process may create
 * one (root, or a delegated subtree); otherwise the bench reports the
 * unconstrained peak instead.
 */
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface MemoryCgroup {
  /** The file a process writes its pid to, to join (`StartOptions.cgroupProcs`). */
  readonly procs: string;
  readonly limitMiB: number;
  /** The most memory the cgroup's processes have held at once. */
  peakMiB(): number;
  /** Processes the kernel killed for going over the limit. */
  oomKills(): number;
  /** Call once its processes have ended. */
  remove(): void;
}

const V2 = '/sys/fs/cgroup';
const V1 = '/sys/fs/cgroup/memory';
const MIB = 1024 ** 2;

export function createMemoryCgroup(name: string, limitMiB: number): MemoryCgroup | undefined {
  const bytes = String(limitMiB * MIB);
  try {
    if (existsSync(join(V2, 'cgroup.controllers'))) {
      const dir = join(V2, name);
      mkdirSync(dir);
      writeFileSync(join(dir, 'memory.max'), bytes);
      // No swapping around the limit, where swap is accounted at all.
      if (existsSync(join(dir, 'memory.swap.max'))) writeFileSync(join(dir, 'memory.swap.max'), '0');
      return cgroup(dir, limitMiB, 'memory.peak', () => counter(join(dir, 'memory.events'), 'oom_kill'));
    }
    const dir = join(V1, name);
    mkdirSync(dir);
    writeFileSync(join(dir, 'memory.limit_in_bytes'), bytes);
    // Memory plus swap no higher than memory: no swapping around the limit (absent without swap accounting).
    if (existsSync(join(dir, 'memory.memsw.limit_in_bytes'))) {
      writeFileSync(join(dir, 'memory.memsw.limit_in_bytes'), bytes);
    }
    return cgroup(dir, limitMiB, 'memory.max_usage_in_bytes', () =>
      counter(join(dir, 'memory.oom_control'), 'oom_kill'),
    );
  } catch {
    return undefined;
  }
}

function cgroup(dir: string, limitMiB: number, peakFile: string, oomKills: () => number): MemoryCgroup {
  return {
    procs: join(dir, 'cgroup.procs'),
    limitMiB,
    peakMiB: () => Number(readFileSync(join(dir, peakFile), 'utf8').trim()) / MIB,
    oomKills,
    remove: () => rmdirSync(dir),
  };
}

function counter(file: string, key: string): number {
  const line = readFileSync(file, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${key} `));
  return line ? Number(line.split(' ')[1]) : 0;
}
