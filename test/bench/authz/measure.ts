/**
 * Checks/s and latency of one kind of check, bounded in count and in time
 * (whichever comes first), with how much of the run V8 spent collecting
 * garbage: the bench never runs longer than it says, on a loaded machine too.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import type { CheckRequest, CheckResult } from '../../../functions/openfga-embedded/vocabulary/types.ts';
import { percentile } from '../stats.ts';

export interface CheckRun {
  readonly checks: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Share of the measured wall time spent in garbage collection. */
  readonly gcShare: number;
  /** Answers that were not the expected one (the bench measured something else then). */
  readonly unexpected: number;
  /** Checks/s of each round when the run is the median of several (`medianRun`). */
  readonly rounds?: readonly number[];
}

/**
 * The round with the median checks/s, carrying every round's rate: on a shared
 * machine one round slowed by another process (PostgreSQL vacuuming after the
 * throughput rows, say) does not decide a judged row, and no lucky one does.
 * Its unexpected answers are all rounds' together.
 */
export function medianRun(runs: readonly CheckRun[]): CheckRun {
  if (runs.length === 0) throw new RangeError('medianRun needs at least one run');
  const sorted = [...runs].sort((a, b) => a.perSecond - b.perSecond);
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  return {
    ...median,
    unexpected: runs.reduce((sum, r) => sum + r.unexpected, 0),
    rounds: runs.map((r) => r.perSecond),
  };
}

export interface Bounds {
  readonly maxChecks: number;
  readonly maxMs: number;
  /** Checks in flight at once (1 for the in-process evaluator). */
  readonly inFlight: number;
  /** Untimed checks first, so the JIT and any cache warm up: a count, capped by a quarter of `maxMs`. */
  readonly warmUp: number;
}

export async function measureChecks(
  requests: readonly CheckRequest[],
  /** The answer each request should get. */
  expected: (request: CheckRequest) => boolean,
  bounds: Bounds,
  run: (request: CheckRequest) => Promise<CheckResult>,
): Promise<CheckRun> {
  const warmUntil = performance.now() + bounds.maxMs / 4;
  let warmed = 0;
  while (warmed < bounds.warmUp && performance.now() < warmUntil) {
    await run(requests[warmed++ % requests.length]!);
  }
  let gcMs = 0;
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMs += entry.duration;
  });
  gc.observe({ entryTypes: ['gc'] });
  const samples: number[] = [];
  // The measured checks follow the warm-up's: none repeats a request just asked (a server's
  // cache would answer it) unless `requests` is shorter than both together.
  let issued = 0;
  let unexpected = 0;
  const started = performance.now();
  const deadline = started + bounds.maxMs;
  const worker = async () => {
    while (issued < bounds.maxChecks && performance.now() < deadline) {
      const request = requests[(warmed + issued++) % requests.length]!;
      const t = performance.now();
      const { allowed } = await run(request);
      samples.push(performance.now() - t);
      if (allowed !== expected(request)) unexpected++;
    }
  };
  await Promise.all(Array.from({ length: bounds.inFlight }, worker));
  const elapsed = performance.now() - started;
  // Entries are delivered on a later turn of the event loop (a timer, not an immediate): let them arrive.
  await new Promise((resolve) => setTimeout(resolve, 20));
  gc.disconnect();
  return {
    checks: samples.length,
    perSecond: samples.length / (elapsed / 1000),
    p50Ms: percentile(samples, 50),
    p99Ms: percentile(samples, 99),
    gcShare: gcMs / elapsed,
    unexpected,
  };
}
