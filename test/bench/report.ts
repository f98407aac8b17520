/** The tables and the closing JSON line of `npm run bench`. */
import type { LoadResult } from './http-load.ts';
import { percentile } from './stats.ts';

export const AIMS = { throughputRatio: 0.3, coldStartRatio: 1.5 } as const;

export interface Throughput extends LoadResult {
  /** Share of one core the server used while measured. */
  readonly coreShare: number;
  readonly sandboxCoreShare: number;
}

export interface BenchResult {
  readonly node: string;
  readonly pinned: boolean;
  readonly cores: { readonly server: number; readonly load: number };
  readonly auditStore: string;
  readonly bundles: readonly { readonly name: string; readonly kib: number }[];
  readonly load: { readonly connections: number; readonly warmUpSec: number; readonly durationSec: number };
  readonly throughput: {
    readonly hello: Throughput;
    readonly fanOut: Throughput;
    readonly caseLookup: Throughput;
  };
  /** Milliseconds per run. */
  readonly coldStart: {
    readonly runs: number;
    readonly hello: number[];
    readonly caseLookup: { listening: number[]; ready: number[]; firstAuthorized: number[] };
    /** `loaded` is on the probe's process clock; the others are durations. */
    readonly probe: { loaded: number[]; authorizer: number[]; databaseOpen: number[]; migrations: number[] };
    /** The sandbox bundle: spawn → `/health/liveness` 200. */
    readonly sandbox: number[];
  };
  /** `npm run synth` of every target (a `node infra/main.ts` process each run), milliseconds. */
  readonly synthMs: number[];
}

const median = (values: readonly number[]) => Math.round(percentile(values, 50));
const times = (ratio: number, digits = 2) => `${ratio.toFixed(digits)}×`;
const share = (value: number) => (Number.isNaN(value) ? '?' : `${Math.round(value * 100)}%`);
const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
const row = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;

export function printReport(r: BenchResult): void {
  const { hello, fanOut, caseLookup } = r.throughput;
  const throughputRatio = caseLookup.requestsPerSec / hello.requestsPerSec;
  const cold = r.coldStart;
  const coldRatio = median(cold.caseLookup.firstAuthorized) / median(cold.hello);
  const parts = {
    'code loaded (process clock)': median(cold.probe.loaded),
    'authorizer: model + organisation sync from the sandbox': median(cold.probe.authorizer),
    [`database open (${r.auditStore})`]: median(cold.probe.databaseOpen),
    'database migrations': median(cold.probe.migrations),
  };
  const [slowest, slowestMs] = Object.entries(parts).sort((a, b) => b[1] - a[1])[0]!;

  const out: string[] = [
    `HOI Platform bench — Node ${r.node}; case-lookup's audit log on ${r.auditStore}`,
    r.pinned
      ? `server under test alone on core ${r.cores.server}; load generator, sandbox and this script on core ${r.cores.load} (taskset)`
      : 'NOT pinned (no taskset or one core): expect noisier numbers',
    `bundles (JavaScript, lazy chunks included): ${r.bundles.map((b) => `${b.name} ${b.kib} KiB`).join(', ')}`,
    '',
    `Throughput — autocannon, ${r.load.connections} connections, ${r.load.warmUpSec} s warm-up, ${r.load.durationSec} s measured`,
    row(['what', 'req/s', 'p50 ms', 'p99 ms', 'vs hello', 'server CPU', 'sandbox CPU']),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:']),
  ];
  for (const [what, t] of [
    ['hello: GET / → JSON', hello],
    ['reference: hello + the search’s 5 upstream calls (plain fetch)', fanOut],
    ['case-lookup: authorized search (gp persona, demo child)', caseLookup],
  ] as const) {
    out.push(
      row([
        what,
        Math.round(t.requestsPerSec).toLocaleString('en-US'),
        t.p50Ms,
        t.p99Ms,
        times(t.requestsPerSec / hello.requestsPerSec),
        share(t.coreShare),
        share(t.sandboxCoreShare),
      ]),
    );
  }
  out.push(
    `case-lookup / hello: ${times(throughputRatio)} (aim ≥ ${AIMS.throughputRatio}×: ${verdict(throughputRatio >= AIMS.throughputRatio)}); ` +
      `case-lookup / reference: ${times(caseLookup.requestsPerSec / fanOut.requestsPerSec)}; ` +
      `p99 ${caseLookup.p99Ms} ms vs ${hello.p99Ms} ms`,
    '',
    `Cold start — median of ${cold.runs} runs, the sandbox already running`,
    row(['what', 'median ms', 'runs ms', 'vs hello']),
    row(['---', '---:', '---:', '---:']),
  );
  const coldRow = (what: string, values: number[]) =>
    row([
      what,
      median(values),
      values.map(Math.round).join(' '),
      times(median(values) / median(cold.hello), 1),
    ]);
  out.push(
    coldRow('hello: spawn → first 200', cold.hello),
    coldRow('case-lookup: spawn → listening', cold.caseLookup.listening),
    coldRow('case-lookup: spawn → ready', cold.caseLookup.ready),
    coldRow('case-lookup: spawn → first authorized 200', cold.caseLookup.firstAuthorized),
    coldRow('sandbox: spawn → ready', cold.sandbox),
    `case-lookup / hello: ${times(coldRatio, 1)} (aim ≤ ${AIMS.coldStartRatio}×: ${verdict(coldRatio <= AIMS.coldStartRatio)})`,
    `case-lookup's start step by step (a probe process, median ms): ${Object.entries(parts)
      .map(([what, ms]) => `${what} ${ms}`)
      .join('; ')}`,
    `largest part: ${slowest}, ${Math.round((100 * slowestMs) / median(cold.caseLookup.firstAuthorized))}% of spawn → first authorized 200`,
    '',
    `Infrastructure — npm run synth, every target (6 stacks), a process each run: median ${median(r.synthMs)} ms (runs ${r.synthMs.map(Math.round).join(' ')})`,
    '',
    'The embedded authorizer on its own: npm run bench:authz',
  );
  console.log(out.join('\n'));
  console.log(
    JSON.stringify({
      bench: 'case-lookup-vs-hello',
      node: r.node,
      pinned: r.pinned,
      auditStore: r.auditStore,
      throughput: {
        ...r.load,
        hello: summary(hello),
        fanOutReference: summary(fanOut),
        caseLookup: summary(caseLookup),
        ratio: round(throughputRatio, 4),
        aim: AIMS.throughputRatio,
        met: throughputRatio >= AIMS.throughputRatio,
      },
      coldStartMs: {
        runs: cold.runs,
        hello: median(cold.hello),
        caseLookup: {
          listening: median(cold.caseLookup.listening),
          ready: median(cold.caseLookup.ready),
          firstAuthorized: median(cold.caseLookup.firstAuthorized),
        },
        sandbox: median(cold.sandbox),
        probe: {
          loaded: median(cold.probe.loaded),
          authorizer: median(cold.probe.authorizer),
          databaseOpen: median(cold.probe.databaseOpen),
          migrations: median(cold.probe.migrations),
        },
        ratio: round(coldRatio, 2),
        aim: AIMS.coldStartRatio,
        met: coldRatio <= AIMS.coldStartRatio,
      },
    }),
  );
}

function summary(t: Throughput) {
  return {
    requestsPerSec: Math.round(t.requestsPerSec),
    p50Ms: t.p50Ms,
    p99Ms: t.p99Ms,
    serverCoreShare: round(t.coreShare, 2),
    sandboxCoreShare: round(t.sandboxCoreShare, 2),
  };
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
