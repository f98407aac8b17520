/** The tables of `npm run bench`, as one text (the console and REPORT.md show the same). */
import { manifest as CASE_LOOKUP } from '../../functions/case-lookup/manifest.ts';
import type { LoadResult } from './http-load.ts';
import { formatRowTable } from './row-table.ts';
import type { BenchRow } from './rows.ts';
import { percentile } from './stats.ts';

export interface Throughput extends LoadResult {
  /** Share of one core the server used while measured. */
  readonly coreShare: number;
  readonly sandboxCoreShare: number;
  /**
   * Share of one core the OpenFGA server and PostgreSQL used meanwhile (NaN when
   * the bench did not start them: `.ci/with-services` exports their pids). They
   * serve whichever configuration asks, so a reference's share is their idle cost.
   */
  readonly servicesCoreShare?: { readonly openfga: number; readonly postgres: number };
  /** The server's peak resident memory over its whole run, MiB. */
  readonly peakRssMiB: number;
  /** When it ran in a memory cgroup with its container's limit: the cgroup's peak and OOM kills. */
  readonly cgroup?: { readonly limitMiB: number; readonly peakMiB: number; readonly oomKills: number };
  /** When the run waited for the server to settle (servers.ts `settleOn`): the log code it wrote and when, ms after its spawn. */
  readonly settled?: { readonly ms: number; readonly code: string };
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

/** The functions' requests again over the sandbox grown to every municipality (grown-lookups.ts). */
export interface GrownResult {
  readonly municipalities: number;
  readonly unitsPerMunicipality: number;
  /** The grown organisation as the sync stores it (the pilot's: `pilotTuples` of the result). */
  readonly storedTuples: number;
  /** Filling production's store with them (the OpenFGA server configuration only). */
  readonly storeFillMs?: number;
  /** A function in a configuration at the pilot's size and at the grown one, side by side on the server core. */
  readonly configurations: readonly {
    readonly label: string;
    readonly fn: string;
    readonly persona: string;
    readonly pilot: Throughput;
    readonly grown: Throughput;
  }[];
}

/** A child-access function other than case-lookup, in the production-like configuration. */
export interface FunctionResult {
  readonly fn: string;
  readonly persona: string;
  readonly throughput: Throughput;
  /** Hello making this function's upstream calls (function-loads.ts). */
  readonly reference: Throughput;
}

export interface BenchResult {
  readonly node: string;
  readonly pinned: boolean;
  readonly cores: { readonly server: number; readonly load: number };
  /** `uptime` at the start and the end of the run. */
  readonly machine: { readonly loadAtStart: string; readonly loadAtEnd: string };
  /** `kib`: the entry and its lazy chunks; `entryKib`: the entry file alone (what every start parses). */
  readonly bundles: readonly { readonly name: string; readonly kib: number; readonly entryKib: number }[];
  readonly load: { readonly connections: number; readonly warmUpSec: number; readonly durationSec: number };
  readonly hello: { readonly throughput: Throughput; readonly coldStart: number[] };
  /** Hello after loading case-lookup's production libraries: the floor they set for a cold start. */
  readonly withLibrariesColdStart: number[];
  /** case-lookup in the production-like configuration with an OTLP endpoint set (as deployed): spawn → first authorized 200. */
  readonly telemetryColdStart: number[];
  /** The kit's HTTP app answering a validated JSON POST: what every function pays per request before its own work. */
  readonly kitApp: Throughput;
  /** Hello making the search's upstream calls: the ceiling pulling per request sets. */
  readonly fanOut: Throughput;
  readonly configurations: readonly ConfigurationResult[];
  /** The pilot's organisation as the sync stores it: what the configurations above ran on. */
  readonly pilotTuples: number;
  readonly grown: GrownResult;
  /** The label of the configuration the functions, telemetry and idle RSS are measured in (the last). */
  readonly productionLike: string;
  readonly functions: readonly FunctionResult[];
  readonly telemetry: {
    /** The share of requests that start a trace, as the targets deploy it (OTEL_TRACES_SAMPLER_ARG). */
    readonly sampleRatio: number;
    /**
     * Rounds of off, on and every-traced side by side on the server core, at the
     * same time, a third of the connections each; the figures are the round of
     * median on/off CPU per request.
     */
    readonly rounds: number;
    /** Each round's CPU per request against its telemetry-off server. */
    readonly cpuRatios: readonly { readonly on: number; readonly everyTraced: number }[];
    /** case-lookup in the production-like configuration without telemetry, side by side with the two below. */
    readonly off: Throughput;
    /** The same with OTEL_EXPORTER_OTLP_ENDPOINT at a loopback sink, sampled as deployed. */
    readonly on: Throughput;
    /** The same with every request traced (OTEL_TRACES_SAMPLER=always_on). */
    readonly everyTraced: Throughput;
    /** What the sink received during the telemetry-on run taken, by path. */
    readonly exported: Readonly<Record<string, { readonly requests: number; readonly bytes: number }>>;
    /** case-lookup at rest after one request, MiB, telemetry not configured and configured. */
    readonly idleRssMiB: {
      readonly off: number;
      readonly on: number;
      /** With an OTLP endpoint configured, at rest after 300 lookups, in each OpenFGA configuration. */
      readonly afterUse?: readonly { readonly label: string; readonly mib: number }[];
    };
  };
  readonly coldRuns: number;
  /** The sandbox bundle: spawn → `/health/liveness` 200. */
  readonly sandboxColdStart: number[];
  /** The authz-sync bundle: spawn → `/health/readiness` 200 (OpenFGA answering); empty without a server. */
  readonly authzSyncColdStart: number[];
  /** `npm run synth` of every target (a `node infra/main.ts` process each run), milliseconds. */
  readonly synthMs: number[];
  /** Rows of the registered benches (rows.ts), and which were absent or failed. */
  readonly registered: {
    readonly rows: BenchRow[];
    readonly skipped: string[];
    readonly failed: string[];
    /** The tables a registered bench printed (bench:authz's per-permission tables), by source. */
    readonly texts: { readonly name: string; readonly text: string }[];
  };
}

export const median = (values: readonly number[]) => Math.round(percentile(values, 50));
const times = (ratio: number, digits = 2) => `${ratio.toFixed(digits)}×`;
const percent = (share: number) => `${Math.round(share * 100)}%`;
const share = (value: number) => (Number.isNaN(value) ? '?' : `${Math.round(value * 100)}%`);
const row = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
const rate = (t: Throughput) => Math.round(t.requestsPerSec).toLocaleString('en-US');

export function formatReport(r: BenchResult, rows: readonly BenchRow[]): string {
  const hello = r.hello.throughput;
  const helloCold = median(r.hello.coldStart);
  // OpenFGA and PostgreSQL were measured when `.ci/with-services` started them.
  const withServices = !Number.isNaN(r.fanOut.servicesCoreShare?.openfga ?? Number.NaN);
  const out: string[] = [
    `HOI Platform bench — Node ${r.node}; functions as the image ships them (compiled model and policies, warm compile cache)`,
    `machine: at start \`${r.machine.loadAtStart}\`; at end \`${r.machine.loadAtEnd}\` (2 cores shared: ratios within this run are what count)`,
    r.pinned
      ? `server under test alone on core ${r.cores.server}; load generator, sandbox and this script on core ${r.cores.load} (taskset)`
      : 'NOT pinned (no taskset or one core): expect noisier numbers',
    `configurations: ${r.configurations.map((c) => c.label).join('; ')}; the other functions and telemetry measured in: ${r.productionLike}`,
    `bundles (KiB, entry + lazy chunks / entry alone): ${r.bundles.map((b) => `${b.name} ${b.kib}/${b.entryKib}`).join(', ')}`,
    '',
    `## Throughput — autocannon, ${r.load.connections} connections, ${r.load.warmUpSec} s warm-up, ${r.load.durationSec} s measured`,
    '',
    row([
      'what',
      'req/s',
      'p50 ms',
      'p99 ms',
      'vs hello',
      'vs its reference',
      'server CPU',
      'CPU ms/request',
      'sandbox CPU',
      ...(withServices ? ['OpenFGA CPU', 'PostgreSQL CPU'] : []),
      'all CPU ms/request',
      'peak RSS MiB',
    ]),
    row(['---', ...Array.from({ length: withServices ? 11 : 9 }, () => '---:')]),
  ];
  const throughputRow = (what: string, t: Throughput, reference?: Throughput) =>
    row([
      what,
      rate(t),
      t.p50Ms,
      t.p99Ms,
      times(t.requestsPerSec / hello.requestsPerSec, 3),
      reference ? times(t.requestsPerSec / reference.requestsPerSec) : '',
      share(t.coreShare),
      cpuPerRequest(t).toFixed(2),
      share(t.sandboxCoreShare),
      ...(withServices ? [share(t.servicesCoreShare!.openfga), share(t.servicesCoreShare!.postgres)] : []),
      allCpuPerRequest(t).toFixed(2),
      Math.round(t.peakRssMiB),
    ]);
  const production = r.configurations.at(-1)!;
  out.push(
    throughputRow('hello: GET / → JSON', hello),
    throughputRow(
      'the kit’s HTTP app: POST JSON → JSON (spans, request id, secure headers, body limit, deadline, access log, zod; no token, upstream, authorization or audit)',
      r.kitApp,
    ),
    throughputRow(
      'reference: hello + case-lookup’s 5 upstream calls (kit transport, nothing else)',
      r.fanOut,
    ),
    ...r.configurations.map((c) => throughputRow(`case-lookup, ${c.label}`, c.throughput, r.fanOut)),
    throughputRow(
      `case-lookup, ${r.productionLike}, telemetry off — side by side with the two below on the server core, a third of the connections each (median round of ${r.telemetry.rounds})`,
      r.telemetry.off,
    ),
    throughputRow(
      `case-lookup, ${r.productionLike}, **telemetry on** (OTLP to a loopback sink, ${percent(r.telemetry.sampleRatio)} of requests traced, as deployed), side by side`,
      r.telemetry.on,
    ),
    throughputRow(
      `case-lookup, ${r.productionLike}, telemetry on, every request traced, side by side`,
      r.telemetry.everyTraced,
    ),
    ...r.functions.flatMap((f) => [
      throughputRow(`reference: hello + ${f.fn}’s upstream calls`, f.reference),
      throughputRow(`${f.fn} (${f.persona}), ${r.productionLike}`, f.throughput, f.reference),
    ]),
  );
  for (const c of r.configurations) {
    if (c.throughput.settled)
      out.push('', `case-lookup, ${c.label}: measured once settled — ${settledNote(c.throughput.settled)}`);
  }
  for (const [what, t] of [
    ['hello', hello],
    ["the kit's HTTP app", r.kitApp],
    ['reference', r.fanOut],
    ...r.configurations.map((c) => [`case-lookup, ${c.label}`, c.throughput] as const),
    ['case-lookup, telemetry off', r.telemetry.off],
    ['case-lookup, telemetry on', r.telemetry.on],
    ['case-lookup, every request traced', r.telemetry.everyTraced],
    ...r.functions.flatMap((f) => [
      [f.fn, f.throughput] as const,
      [`${f.fn}'s reference`, f.reference] as const,
    ]),
  ] as const) {
    if (failedAnswers(t) > 0) {
      out.push(
        '',
        `WARNING ${what}: ${failedAnswers(t)} of ${t.total} answers failed (${t.failures.non2xx} not 2xx, ${t.failures.errors} errors, ${t.failures.timeouts} timeouts): req/s counts successful answers only`,
      );
    }
  }
  out.push(...grownTable(r));
  if (withServices) out.push('', ...cpuBudget(r.fanOut, production));
  const exports = Object.entries(r.telemetry.exported)
    .map(([path, c]) => `${path} ${c.requests} requests, ${Math.round(c.bytes / 1024)} KiB`)
    .join('; ');
  out.push(
    '',
    `Telemetry, case-lookup, ${r.productionLike}, ${percent(r.telemetry.sampleRatio)} of requests traced (as deployed): on/off ${times(r.telemetry.on.requestsPerSec / r.telemetry.off.requestsPerSec)} req/s, ` +
      `CPU per request ×${(cpuPerRequest(r.telemetry.on) / cpuPerRequest(r.telemetry.off)).toFixed(2)} (the median of ${r.telemetry.rounds} rounds side by side; each round ${r.telemetry.cpuRatios.map((c) => `×${c.on.toFixed(2)}`).join(', ')}); the sink received: ${exports || 'NOTHING (telemetry did not export)'}`,
    `Every request traced: on/off ${times(r.telemetry.everyTraced.requestsPerSec / r.telemetry.off.requestsPerSec)} req/s, CPU per request ×${(cpuPerRequest(r.telemetry.everyTraced) / cpuPerRequest(r.telemetry.off)).toFixed(2)} (each round ${r.telemetry.cpuRatios.map((c) => `×${c.everyTraced.toFixed(2)}`).join(', ')})`,
    `Idle RSS of case-lookup after one request and ${3} s at rest: ${r.telemetry.idleRssMiB.off.toFixed(1)} MiB without telemetry, ${r.telemetry.idleRssMiB.on.toFixed(1)} MiB with an OTLP endpoint configured`,
  );
  const afterUse = r.telemetry.idleRssMiB.afterUse ?? [];
  if (afterUse.length > 0)
    out.push(
      `At rest after 300 lookups (OTLP endpoint configured; the young generation grown as a pod's is between bursts): ${afterUse.map((a) => `${a.mib.toFixed(1)} MiB ${a.label}`).join('; ')}`,
    );
  const limitMiB = mebibytes(CASE_LOOKUP.resources.memory);
  // Targets deploy case-lookup with the OpenFGA server and PostgreSQL (infra/targets/defaults.ts).
  for (const c of r.configurations.filter((c) => c.deployed)) {
    const { cgroup } = c.throughput;
    const peak = peakMiB(c.throughput);
    const fits = cgroup?.oomKills
      ? 'OOM-KILLED'
      : peak < 0.8 * limitMiB
        ? 'fits'
        : peak < limitMiB
          ? 'TIGHT: over 80%'
          : 'DOES NOT FIT';
    out.push(
      cgroup
        ? `${c.label}: in a ${cgroup.limitMiB} MiB memory cgroup (its container's limit) with its Service's heap flags, peak ${Math.round(peak)} MiB, ${cgroup.oomKills} OOM kills (${fits})`
        : `${c.label}: peak RSS under load ${Math.round(peak)} MiB of the manifest's ${limitMiB} MiB memory limit, unconstrained: no memory cgroup could be made here (${fits})`,
    );
  }
  out.push(
    '',
    `## Cold start — median of ${r.coldRuns} runs, the sandbox already running`,
    '',
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
  out.push(
    coldRow(
      `case-lookup, ${r.productionLike}, OTLP endpoint set (as deployed): spawn → first authorized 200`,
      r.telemetryColdStart,
    ),
    coldRow('sandbox: spawn → ready', r.sandboxColdStart),
  );
  out.push(
    r.authzSyncColdStart.length > 0
      ? coldRow('authz-sync: spawn → ready (OpenFGA answering)', r.authzSyncColdStart)
      : row(['authz-sync: spawn → ready', 'needs an OpenFGA server (FGA_API_URL)', '', '']),
    '',
  );
  for (const c of r.configurations) {
    const p = c.coldStart.probe;
    out.push(
      `- ${c.label}: start step by step (probe, median ms): code loaded (process clock) ${median(p.loaded)}; authorizer ready ${median(p.authorizer)}; ` +
        `database open ${median(p.databaseOpen)}; migrations ${median(p.migrations)}`,
    );
  }
  out.push(
    `- the reference alone takes ${times(median(r.withLibrariesColdStart) / helloCold, 1)} of hello's start: the floor for any function built on those libraries`,
    '',
    `Infrastructure — npm run synth, every target, a process each run: median ${median(r.synthMs)} ms (runs ${r.synthMs.map(Math.round).join(' ')})`,
    '',
    '## Every row against its aim (issue 10), and the registered benches',
    '',
    formatRowTable(rows),
  );
  if (r.registered.skipped.length > 0)
    out.push('', `registered benches not present: ${r.registered.skipped.join(', ')}`);
  if (r.registered.failed.length > 0)
    out.push('', `registered benches FAILED: ${r.registered.failed.join('; ')}`);
  out.push(...registeredTables(r.registered.texts));
  return out.join('\n');
}

/** When a function's copy of the OpenFGA store began to decide, or was dropped (servers.ts `settleOn`). */
export function settledNote(settled: NonNullable<Throughput['settled']>): string {
  const after = `${(settled.ms / 1000).toFixed(1)} s after the spawn`;
  return settled.code === 'authz_replica_dropped'
    ? `the copy of the store was dropped (over its tuple limit) ${after}: the server decided`
    : `the copy of the store decided from ${after}`;
}

/** What the grown table and rows read. */
export type GrownFigures = Pick<BenchResult, 'pilotTuples' | 'grown'>;

/** Each function and configuration at the pilot's size beside the same requests over every municipality. */
export function grownTable(r: GrownFigures): string[] {
  const g = r.grown;
  const tuples = (n: number) => n.toLocaleString('en-US');
  const fill =
    g.storeFillMs === undefined
      ? ''
      : `; production's store filled in ${(g.storeFillMs / 1000).toFixed(1)} s`;
  const out = [
    '',
    `## The functions as the organisation grows — the same requests, the pilot (${tuples(r.pilotTuples)} stored tuples) vs ${g.municipalities} municipalities of ${g.unitsPerMunicipality} units (${tuples(g.storedTuples)} stored tuples${fill}), side by side on the server core, half the connections each`,
    '',
    row([
      'function, configuration',
      'req/s pilot',
      `req/s ${g.municipalities}`,
      'ratio',
      'p50 ms pilot',
      `p50 ms ${g.municipalities}`,
      'p99 ms pilot',
      `p99 ms ${g.municipalities}`,
      'p99 ratio',
      'CPU ms/request pilot',
      `CPU ms/request ${g.municipalities}`,
      'peak RSS MiB pilot',
      `peak RSS MiB ${g.municipalities}`,
    ]),
    row(['---', ...Array.from({ length: 12 }, () => '---:')]),
  ];
  const warnings: string[] = [];
  const settledNotes: string[] = [];
  for (const c of g.configurations) {
    const [a, b] = [c.pilot, c.grown];
    const what = `${c.fn} (${c.persona}), ${c.label}`;
    if (a.settled && b.settled)
      settledNotes.push(
        `${what}: measured once settled — at the pilot's size ${settledNote(a.settled)}; at ${g.municipalities} municipalities ${settledNote(b.settled)}`,
      );
    out.push(
      row([
        what,
        rate(a),
        rate(b),
        times(b.requestsPerSec / a.requestsPerSec),
        a.p50Ms,
        b.p50Ms,
        a.p99Ms,
        b.p99Ms,
        times(b.p99Ms / a.p99Ms),
        cpuPerRequest(a).toFixed(2),
        cpuPerRequest(b).toFixed(2),
        // What each process held at its peak: an embedded authorizer holds the whole organisation.
        Math.round(peakMiB(a)),
        Math.round(peakMiB(b)),
      ]),
    );
    for (const [size, t] of [
      ['the pilot', a],
      [`${g.municipalities} municipalities`, b],
    ] as const) {
      const failures = failedAnswers(t);
      if (failures > 0) warnings.push(`WARNING ${what} at ${size}: ${failures} of ${t.total} answers failed`);
    }
  }
  // After the table, which a line between its rows would end.
  const after = [...settledNotes, ...warnings];
  return after.length > 0 ? [...out, '', ...after] : out;
}

/** A run's peak memory: its memory cgroup's where it ran in one, else its peak RSS. */
function peakMiB(t: Throughput): number {
  return t.cgroup?.peakMiB ?? t.peakRssMiB;
}

/** The tables the registered benches printed beside their rows (bench:authz's per permission), each under its bench's name. */
export function registeredTables(texts: BenchResult['registered']['texts']): string[] {
  if (texts.length === 0) return [];
  const out = ['', '## The tables the registered benches print'];
  for (const { name, text } of texts) out.push('', `### ${name}`, '', text.trim());
  return out;
}

/**
 * Where a production lookup's CPU goes, process by process, against the
 * reference's: on this machine every process shares the same cores, so CPU per
 * answer bounds req/s. The ceiling leaves out the load generator (its share is
 * the same for both) and is what the cores allow at 100% busy.
 */
function cpuBudget(reference: Throughput, production: ConfigurationResult): string[] {
  const t = production.throughput;
  const per = (coreShare: number) => (coreShare * 1000) / t.requestsPerSec;
  const parts = [
    ['function', per(t.coreShare)],
    ['OpenFGA', per(t.servicesCoreShare!.openfga)],
    ['PostgreSQL', per(t.servicesCoreShare!.postgres)],
    ['sandbox', per(t.sandboxCoreShare)],
  ] as const;
  const total = allCpuPerRequest(t);
  const referenceTotal = allCpuPerRequest(reference);
  const CORES = 2;
  return [
    `CPU per case-lookup answer, ${production.label}: ${parts.map(([what, ms]) => `${what} ${ms.toFixed(2)} ms`).join(' + ')} = ${total.toFixed(2)} ms (the reference: ${referenceTotal.toFixed(2)} ms).`,
    `On ${CORES} cores that allows at most ${Math.round((CORES * 1000) / total)} answers/s (the reference: ${Math.round((CORES * 1000) / referenceTotal)}); ` +
      `if both are bound by the cores, 0.6× of the reference's rate needs ≤ ${(referenceTotal / 0.6).toFixed(2)} ms per answer, all processes together.`,
  ];
}

/** Milliseconds of CPU per successful answer, of every process measured: server, sandbox, OpenFGA, PostgreSQL. */
export function allCpuPerRequest(t: Throughput): number {
  const services = t.servicesCoreShare;
  const share =
    t.coreShare +
    t.sandboxCoreShare +
    (services && !Number.isNaN(services.openfga) ? services.openfga : 0) +
    (services && !Number.isNaN(services.postgres) ? services.postgres : 0);
  return (share * 1000) / t.requestsPerSec;
}

/** Answers under load that were not 2xx, errors or timeouts. */
function failedAnswers(t: Throughput): number {
  return t.failures.non2xx + t.failures.errors + t.failures.timeouts;
}

/** Milliseconds of server CPU per successful answer. */
export function cpuPerRequest(t: Throughput): number {
  return (t.coreShare * 1000) / t.requestsPerSec;
}

/** `256Mi` → 256; `1Gi` → 1024. */
function mebibytes(quantity: string): number {
  const [, amount, unit] = /^(\d+)(Mi|Gi)$/.exec(quantity) ?? [];
  if (!amount) throw new Error(`unexpected memory quantity ${quantity}`);
  return Number(amount) * (unit === 'Gi' ? 1024 : 1);
}
