import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { cpuSeconds, treeCpuSeconds } from './http-load.ts';

describe('treeCpuSeconds', () => {
  it.runIf(process.platform === 'linux')(
    'counts the CPU a process’s children used, beside its own',
    async () => {
      // A child that spends 0.3 s of CPU, says so, and then idles until stopped.
      const child = spawn(
        process.execPath,
        [
          '-e',
          'const t = process.cpuUsage(); while ((process.cpuUsage(t).user + process.cpuUsage(t).system) < 300000) {} console.log("spent"); setInterval(() => {}, 1000);',
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      try {
        await once(child.stdout!, 'data');
        const own = cpuSeconds(process.pid);
        const tree = treeCpuSeconds(process.pid);
        expect(tree - own).toBeGreaterThanOrEqual(0.25);
        expect(treeCpuSeconds(child.pid!)).toBeGreaterThanOrEqual(0.25);
        expect(Number.isNaN(treeCpuSeconds(2 ** 22 + 12345))).toBe(true);
      } finally {
        child.kill('SIGKILL');
      }
    },
  );
});
