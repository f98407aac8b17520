/** The tables and the closing JSON line of `npm run bench`. */
import { manifest as CASE_LOOKUP } from '../../functions/case-lookup/manifest.ts';
import type { LoadResult } from './http-load.ts';
import { percentile } from './stats.ts';

export const AIMS = { throughputRatio: 0.3, coldStartRatio: 1.5 } as const;

export interface Throughput extends LoadResult {
  /** Share of one core the server used while measured. */
  readonly coreShare: number;
  readonly sandboxCoreShare: number;
  /** The server's peak resident memory over its whole run, MiB. */
  readonly peakRssMiB: number;
  /** When it ran in a memory cgroup with its container's limit: the cgroup's peak and OOM kills. */
  readonly cgroup?: { readonly limitMiB: number; readonly peakMiB: number; readonly oomKills: number };
}

/** Milliseconds per run. `probe.loaded` is on the probe's process clock; its others are durations. */
export interface ColdStart {
  readonly listening: number[];
  /** With the compile cache the image ships. */
  readonly firstAuthorized: number[];
  readonly firstAuthorizedUncached: number[];
  readonly probe: { loaded: number[]; authorizer: number[]; databaseOpen: number[]; migrations: number[] };
}

export interface ConfigurationResult {
  readonly label: string;
  /** Whether the infra targets run case-lookup this way (OpenFGA server, PostgreSQL): its memory limit applies. */
  readonly deployed: boolean;
  readonly throughput: Throughput;
  readonly coldStart: ColdStart;
}

export interface BenchResult {
  readonly node: string;
  readonly pinned: boolean;
  readonly cores: { readonly server: number; readonly load: number };
  readonly bundles: readonly { readonly name: string; readonly kib: number }[];
  readonly load: { readonly connections: number; readonly warmUpSec: number; readonly durationSec: number };
  readonly hello: { readonly throughput: Throughput; readonly coldStart: number[] };
  /** Hello after loading case-lookup's production libraries: the floor they set for a cold start. */
  readonly withLibrariesColdStart: number[];
  /** Hello making the search's upstream calls: the ceiling pulling per request sets. */
  readonly fanOut: Throughput;
  readonly configurations: readonly ConfigurationResult[];
  readonly coldRuns: number;
  /** The sandbox bundle: spawn → `/health/liveness` 200. */
  readonly sandboxColdStart: number[];
  /** The authz-sync bundle: spawn → `/health/readiness` 200 (OpenFGA answering); empty without a server. */
  readonly authzSyncColdStart: number[];
  /** `npm run synth` of every target (a `node infra/main.ts` process each run), milliseconds. */
  readonly synthMs: number[];
}

const median = (values: readonly number[]) => Math.round(percentile(values, 50));
const times = (ratio: number, digits = 2) => `${ratio.toFixed(digits)}×`;
const share = (value: number) => (Number.isNaN(value) ? '?' : `${Math.round(value * 100)}%`);
const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
const row = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
const rate = (t: Throughput) => Math.round(t.requestsPerSec).toLocaleString('en-US');

export function printReport(r: BenchResult): void {
  const hello = r.hello.throughput;
  const helloCold = median(r.hello.coldStart);
  const out: string[] = [
    `HOI Platform bench — Node ${r.node}; case-lookup as the image ships it (compiled model and policies, warm compile cache)`,
    r.pinned
      ? `server under test alone on core ${r.cores.server}; load generator, sandbox and this script on core ${r.cores.load} (taskset)`
      : 'NOT pinned (no taskset or one core): expect noisier numbers',
    `configurations: ${r.configurations.map((c) => c.label).join('; ')}`,
    `bundles (JavaScript, lazy chunks included): ${r.bundles.map((b) => `${b.name} ${b.kib} KiB`).join(', ')}`,
    '',
    `Throughput — autocannon, ${r.load.connections} connections, ${r.load.warmUpSec} s warm-up, ${r.load.durationSec} s measured`,
    row([
      'what',
      'req/s',
      'p50 ms',
      'p99 ms',
      'vs hello',
      'vs reference',
      'server CPU',
      'sandbox CPU',
      'peak RSS MiB',
    ]),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
  ];
  const throughputRow = (what: string, t: Throughput) =>
    row([
      what,
      rate(t),
      t.p50Ms,
      t.p99Ms,
      times(t.requestsPerSec / hello.requestsPerSec, 3),
      times(t.requestsPerSec / r.fanOut.requestsPerSec),
      share(t.coreShare),
      share(t.sandboxCoreShare),
      Math.round(t.peakRssMiB),
    ]);
  const failed = (t: Throughput) => t.failures.non2xx + t.failures.errors + t.failures.timeouts;
  out.push(
    throughputRow('hello: GET / → JSON', hello),
    throughputRow('reference: hello + the search’s 5 upstream calls (kit transport, nothing else)', r.fanOut),
    ...r.configurations.map((c) => throughputRow(`case-lookup, ${c.label}`, c.throughput)),
  );
  for (const c of r.configurations) {
    const ratio = c.throughput.requestsPerSec / hello.requestsPerSec;
    out.push(
      `${c.label}: case-lookup / hello ${times(ratio, 3)} (aim ≥ ${AIMS.throughputRatio}×: ${verdict(ratio >= AIMS.throughputRatio)})`,
    );
  }
  for (const [what, t] of [
    ['hello', hello],
    ['reference', r.fanOut],
    ...r.configurations.map((c) => [`case-lookup, ${c.label}`, c.throughput] as const),
  ] as const) {
    if (failed(t) > 0) {
      out.push(
        `WARNING ${what}: ${failed(t)} of ${t.total} answers failed (${t.failures.non2xx} not 2xx, ${t.failures.errors} errors, ${t.failures.timeouts} timeouts): req/s counts successful answers only`,
      );
    }
  }
  const limitMiB = mebibytes(CASE_LOOKUP.resources.memory);
  // Targets deploy case-lookup with the OpenFGA server and PostgreSQL (infra/targets/defaults.ts).
  for (const c of r.configurations.filter((c) => c.deployed)) {
    const { cgroup, peakRssMiB } = c.throughput;
    const peak = cgroup?.peakMiB ?? peakRssMiB;
    const fits = cgroup?.oomKills
      ? 'OOM-KILLED'
      : peak < 0.8 * limitMiB
        ? 'fits'
        : peak < limitMiB
          ? 'TIGHT: over 80%'
          : 'DOES NOT FIT';
    out.push(
      cgroup
        ? `${c.label}: in a ${cgroup.limitMiB} MiB memory cgroup (its container's limit) with its Service's heap flag, peak ${Math.round(peak)} MiB, ${cgroup.oomKills} OOM kills (${fits})`
        : `${c.label}: peak RSS under load ${Math.round(peak)} MiB of the manifest's ${limitMiB} MiB memory limit, unconstrained: no memory cgroup could be made here (${fits})`,
    );
  }
  out.push(
    `the reference alone reaches ${times(r.fanOut.requestsPerSec / hello.requestsPerSec, 3)} of hello: the ceiling for any search that pulls its facts per request`,
    '',
    `Cold start — median of ${r.coldRuns} runs, the sandbox already running`,
    row(['what', 'median ms', 'runs ms', 'vs hello']),
    row(['---', '---:', '---:', '---:']),
  );
  const coldRow = (what: string, values: number[]) =>
    row([what, median(values), values.map(Math.round).join(' '), times(median(values) / helloCold, 1)]);
  out.push(
    coldRow('hello: spawn → first 200', r.hello.coldStart),
    coldRow(
      'reference: hello + case-lookup’s production libraries, loaded and unused',
      r.withLibrariesColdStart,
    ),
  );
  for (const c of r.configurations) {
    out.push(
      coldRow(`case-lookup, ${c.label}: spawn → listening`, c.coldStart.listening),
      coldRow(`case-lookup, ${c.label}: spawn → first authorized 200`, c.coldStart.firstAuthorized),
      coldRow(`  the same without the compile cache`, c.coldStart.firstAuthorizedUncached),
    );
  }
  out.push(coldRow('sandbox: spawn → ready', r.sandboxColdStart));
  out.push(
    r.authzSyncColdStart.length > 0
      ? coldRow('authz-sync: spawn → ready (OpenFGA answering)', r.authzSyncColdStart)
      : row(['authz-sync: spawn → ready', 'needs an OpenFGA server (FGA_API_URL)', '', '']),
  );
  for (const c of r.configurations) {
    const ratio = median(c.coldStart.firstAuthorized) / helloCold;
    const p = c.coldStart.probe;
    out.push(
      `${c.label}: case-lookup / hello ${times(ratio, 1)} (aim ≤ ${AIMS.coldStartRatio}×: ${verdict(ratio <= AIMS.coldStartRatio)}); ` +
        `start step by step (probe, median ms): code loaded (process clock) ${median(p.loaded)}; authorizer ready ${median(p.authorizer)}; ` +
        `database open ${median(p.databaseOpen)}; migrations ${median(p.migrations)}`,
    );
  }
  out.push(
    `the reference alone takes ${times(median(r.withLibrariesColdStart) / helloCold, 1)} of hello's start: the floor for any function built on those libraries`,
    '',
    `Infrastructure — npm run synth, every target (6 stacks), a process each run: median ${median(r.synthMs)} ms (runs ${r.synthMs.map(Math.round).join(' ')})`,
    '',
    'The embedded authorizer on its own: npm run bench:authz',
  );
  console.log(out.join('\n'));
  console.log(JSON.stringify(summary(r)));
}

function summary(r: BenchResult) {
  const hello = r.hello.throughput;
  const helloCold = median(r.hello.coldStart);
  const load = (t: Throughput) => ({
    requestsPerSec: Math.round(t.requestsPerSec),
    p50Ms: t.p50Ms,
    p99Ms: t.p99Ms,
    serverCoreShare: round(t.coreShare, 2),
    sandboxCoreShare: round(t.sandboxCoreShare, 2),
    peakRssMiB: Math.round(t.peakRssMiB),
    ...(t.cgroup ? { cgroup: { ...t.cgroup, peakMiB: Math.round(t.cgroup.peakMiB) } } : {}),
    failures: t.failures,
  });
  return {
    bench: 'case-lookup-vs-hello',
    node: r.node,
    pinned: r.pinned,
    load: r.load,
    hello: { ...load(hello), coldStartMs: helloCold },
    withLibrariesReference: { coldStartMs: median(r.withLibrariesColdStart) },
    fanOutReference: { ...load(r.fanOut), ratio: round(r.fanOut.requestsPerSec / hello.requestsPerSec, 4) },
    caseLookup: r.configurations.map((c) => {
      const throughputRatio = c.throughput.requestsPerSec / hello.requestsPerSec;
      const coldRatio = median(c.coldStart.firstAuthorized) / helloCold;
      return {
        configuration: c.label,
        throughput: { ...load(c.throughput), ratio: round(throughputRatio, 4), aim: AIMS.throughputRatio },
        coldStartMs: {
          listening: median(c.coldStart.listening),
          firstAuthorized: median(c.coldStart.firstAuthorized),
          firstAuthorizedUncached: median(c.coldStart.firstAuthorizedUncached),
          probe: Object.fromEntries(Object.entries(c.coldStart.probe).map(([k, v]) => [k, median(v)])),
          ratio: round(coldRatio, 2),
          aim: AIMS.coldStartRatio,
        },
        met: {
          throughput: throughputRatio >= AIMS.throughputRatio,
          coldStart: coldRatio <= AIMS.coldStartRatio,
        },
      };
    }),
    sandboxColdStartMs: median(r.sandboxColdStart),
    ...(r.authzSyncColdStart.length > 0 ? { authzSyncColdStartMs: median(r.authzSyncColdStart) } : {}),
    synthMs: median(r.synthMs),
  };
}

/** `256Mi` → 256; `1Gi` → 1024. */
function mebibytes(quantity: string): number {
  const [, amount, unit] = /^(\d+)(Mi|Gi)$/.exec(quantity) ?? [];
  if (!amount) throw new Error(`unexpected memory quantity ${quantity}`);
  return Number(amount) * (unit === 'Gi' ? 1024 : 1);
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
