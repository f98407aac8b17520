/**
 * 100 concurrent lookups on the local platform (`npm start`: every function,
 * the sandbox, the embedded authorizer and PGlite in one process, one event
 * loop), with the default 3 s upstream timeout: how many fail, and how long
 * the slowest waits. A row source of `npm run bench` (rows.ts); alone:
 *   npx tsx test/bench/local-burst.ts [--cpu-prof]
 * `--cpu-prof` writes the platform's V8 CPU profile of the run to .cache/bench-profiles/;
 * `--concurrent N` asks N at once instead of 100.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { openDevIssuer } from '../../functions/runtime/auth/dev-issuer.ts';
import { generateSandboxData } from '../../functions/sandbox/data/generate.ts';
import { personas } from '../../functions/sandbox/data/personas.ts';
import { startPlatform } from '../e2e/support/platform-process.ts';
import { cpuSeconds } from './http-load.ts';
import type { BenchRow, RowContext } from './rows.ts';
import { percentile } from './stats.ts';

export const CONCURRENT = 100;
const root = join(import.meta.dirname, '../..');

export interface BurstResult {
  readonly statuses: Readonly<Record<string, number>>;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly wallMs: number;
  /** CPU seconds the platform process used during the burst (NaN where /proc or `ss` is missing). */
  readonly cpuSeconds: number;
  /** The platform's access-log lines of the burst by function and route: count, median and slowest ms. */
  readonly byRoute: Readonly<Record<string, { count: number; p50Ms: number; maxMs: number }>>;
}

export async function localBurst(
  workDir: string,
  options: { readonly cpuProfileDir?: string; readonly concurrent?: number } = {},
): Promise<BurstResult[]> {
  const concurrent = options.concurrent ?? CONCURRENT;
  const keyFile = join(workDir, 'burst-dev-key.json');
  const platform = await startPlatform({
    PGLITE_DIR: join(workDir, 'burst-pglite'),
    AUTH_DEV_KEY_FILE: keyFile,
    ...(options.cpuProfileDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${options.cpuProfileDir}` } : {}),
  });
  try {
    const gp = personas(generateSandboxData({ seed: 851 })).find((p) => p.key === 'gp')!;
    const token = await (await openDevIssuer(keyFile)).sign(gp);
    const ask = async () => {
      const started = performance.now();
      const response = await fetch(`${platform.baseUrl}/case-lookup/v1/relevant-cases/search`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ cpr: gp.demoChildCpr, purpose: 'treatment' }),
        signal: AbortSignal.timeout(30_000),
      });
      const body = (await response.json()) as { code?: string };
      return {
        status: response.status === 200 ? '200' : `${response.status} ${body.code}`,
        ms: performance.now() - started,
      };
    };
    const first = await ask();
    if (first.status !== '200')
      throw new Error(`the local platform answered ${first.status} to a single lookup`);
    const pid = pidListeningOn(Number(new URL(platform.baseUrl).port));
    const bursts: BurstResult[] = [];
    for (let round = 0; round < 2; round++) {
      const started = performance.now();
      const before = platform.stdout.length;
      const cpuBefore = pid === undefined ? Number.NaN : cpuSeconds(pid);
      const answers = await Promise.all(Array.from({ length: concurrent }, ask));
      const statuses: Record<string, number> = {};
      for (const a of answers) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
      const ms = answers.map((a) => a.ms);
      bursts.push({
        statuses,
        p50Ms: percentile(ms, 50),
        p99Ms: percentile(ms, 99),
        maxMs: Math.max(...ms),
        wallMs: performance.now() - started,
        cpuSeconds: pid === undefined ? Number.NaN : cpuSeconds(pid) - cpuBefore,
        byRoute: routeDurations(platform.stdout.slice(before)),
      });
    }
    return bursts;
  } finally {
    await platform.stop();
  }
}

export async function localBurstRows(context: RowContext): Promise<BenchRow[]> {
  const bursts = await localBurst(context.workDir);
  return bursts.flatMap((b, i) => {
    const errors = CONCURRENT - (b.statuses['200'] ?? 0);
    const which = i === 0 ? 'first burst after one lookup' : 'second burst';
    return [
      {
        name: `local platform, ${CONCURRENT} concurrent lookups (3 s upstream timeout), ${which}: failed answers (${describe(b)})`,
        value: errors,
        unit: 'errors',
        aim: { on: 'value' as const, atMost: 0 },
      },
      {
        name: `local platform, ${which}: slowest answer (p50 ${Math.round(b.p50Ms)} ms, all ${CONCURRENT} in ${Math.round(b.wallMs)} ms, ${b.cpuSeconds.toFixed(2)} CPU s)`,
        value: b.maxMs,
        unit: 'ms',
      },
    ];
  });
}

/** The process listening on a loopback port (`ss -ltnp`), to read its CPU time. */
function pidListeningOn(port: number): number | undefined {
  const out = spawnSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' }).stdout ?? '';
  const pid = /pid=(\d+)/.exec(out)?.[1];
  return pid === undefined ? undefined : Number(pid);
}

function routeDurations(lines: readonly string[]): BurstResult['byRoute'] {
  const durations = new Map<string, number[]>();
  for (const line of lines) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as {
      msg?: string;
      function?: string;
      route?: string;
      durationMs?: number;
    };
    if (entry.msg !== 'request' || entry.durationMs === undefined) continue;
    const key = `${entry.function} ${entry.route}`;
    durations.set(key, [...(durations.get(key) ?? []), entry.durationMs]);
  }
  return Object.fromEntries(
    [...durations].map(([key, ms]) => [
      key,
      { count: ms.length, p50Ms: percentile(ms, 50), maxMs: Math.max(...ms) },
    ]),
  );
}

const describe = (b: BurstResult) =>
  Object.entries(b.statuses)
    .map(([status, n]) => `${n}× ${status}`)
    .join(', ');

if (import.meta.main) {
  const dir = await mkdtemp(join(root, '.cache', 'burst-'));
  const profiles = process.argv.includes('--cpu-prof') ? join(root, '.cache/bench-profiles') : undefined;
  const at = process.argv.indexOf('--concurrent');
  const concurrent = at >= 0 ? Number(process.argv[at + 1]) : CONCURRENT;
  if (profiles) await mkdir(profiles, { recursive: true });
  try {
    for (const [i, b] of (
      await localBurst(dir, { concurrent, ...(profiles ? { cpuProfileDir: profiles } : {}) })
    ).entries()) {
      console.log(
        `burst ${i + 1}: ${describe(b)}; p50 ${Math.round(b.p50Ms)} ms, p99 ${Math.round(b.p99Ms)} ms, max ${Math.round(b.maxMs)} ms, wall ${Math.round(b.wallMs)} ms, platform CPU ${b.cpuSeconds.toFixed(2)} s`,
      );
      for (const [route, d] of Object.entries(b.byRoute)) {
        console.log(
          `  ${route}: ${d.count} answered, p50 ${Math.round(d.p50Ms)} ms, slowest ${Math.round(d.maxMs)} ms`,
        );
      }
    }
    if (profiles) console.log(`CPU profile in ${profiles}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
