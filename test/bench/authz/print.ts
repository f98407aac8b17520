/** The tables `npm run bench:authz` prints. */
import { formatNumber } from '../row-table.ts';
import type { Investigation } from './investigate.ts';
import type { CheckRun } from './measure.ts';
import type { AuthzBenchResult, CheckRow, SizeResult } from './run.ts';
import { type PartRow, WHOLE } from './server-parts.ts';

const rate = (r: CheckRun | undefined) => (r ? Math.round(r.perSecond).toLocaleString('en-US') : '');
const ms = (value: number) => formatNumber(value);
const times = (value: number) => (Number.isFinite(value) ? `${formatNumber(value)}×` : '?');
const mark = (r: CheckRun | undefined) => (r && r.unexpected > 0 ? ` (${r.unexpected} WRONG answers)` : '');

export function formatAuthzBench(result: AuthzBenchResult, investigation: Investigation): string {
  const out: string[] = [];
  for (const size of result.sizes) {
    out.push('', ...sizeTable(size));
    if (size.parts) out.push('', ...partsTable(size.parts));
  }
  if (result.sizes.length > 1) out.push('', ...growthTable(result.sizes));
  out.push('', ...investigationLines(investigation));
  if (result.unknown.length > 0) {
    out.push(
      '',
      `NOT MEASURED (no persona in test/bench/authz/permission-checks.ts): ${result.unknown.join(', ')}`,
    );
  }
  return out.join('\n');
}

/** `; server: the median of 3 rounds, a / b / c checks/s` for a run that is one. */
function roundsNote(side: string, r: CheckRun | undefined): string {
  if (!r?.rounds) return '';
  const each = r.rounds.map((n) => Math.round(n).toLocaleString('en-US')).join(' / ');
  return `; ${side}: the median of ${r.rounds.length} rounds, ${each} checks/s`;
}

function sizeTable(s: SizeResult): string[] {
  const server = s.rows[0]!.server !== undefined;
  const floor = s.rows[0]!;
  const head = [
    `${s.size.municipalities} municipalities × ${s.size.unitsPerMunicipality} units (${s.units} units, ${s.employees} employees, ${s.size.gpClinics} GP clinics): ` +
      `${s.storedTuples.toLocaleString('en-US')} stored tuples; embedded store built in ${Math.round(s.loadMs.embedded)} ms` +
      (s.loadMs.server === undefined ? '' : `, server store written in ${Math.round(s.loadMs.server)} ms`),
    ...(server && floor.server?.rounds
      ? [
          `server rows: the median of ${floor.server.rounds.length} rounds, each round the floor and every row in turn, each on requests of its own`,
        ]
      : []),
    `| check | persona | answer | contextual tuples | embedded checks/s | p50 ms | p99 ms | vs floor | GC |${server ? ' server checks/s | p50 ms | p99 ms | vs floor |' : ''}`,
    `| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |${server ? ' ---: | ---: | ---: | ---: |' : ''}`,
  ];
  const line = (r: CheckRow | 'mix') => {
    const row = r === 'mix' ? undefined : r;
    const e = row ? row.embedded : s.mix.embedded;
    const f = row ? row.server : s.mix.server;
    const cells = [
      row
        ? `${row.permission}${row.askedAs ? ` (asked as ${row.askedAs})` : ''}`
        : `**HOI check mix** (every row above but the floor, round-robin${roundsNote('embedded', e)}${roundsNote('server', f)})`,
      row?.persona ?? '',
      row ? (row.expected ? 'allowed' : 'denied') : '',
      row ? String(row.contextualTuples) : '',
      `${rate(e)}${mark(e)}`,
      ms(e.p50Ms),
      ms(e.p99Ms),
      times(e.perSecond / floor.embedded.perSecond),
      `${Math.round(e.gcShare * 100)}%`,
    ];
    if (server && f) {
      cells.push(
        `${rate(f)}${mark(f)}`,
        ms(f.p50Ms),
        ms(f.p99Ms),
        times(f.perSecond / floor.server!.perSecond),
      );
    }
    return `| ${cells.join(' | ')} |`;
  };
  return [...head, ...s.rows.map(line), line('mix')];
}

function growthTable(sizes: readonly SizeResult[]): string[] {
  const first = sizes[0]!;
  const sides = first.rows[0]!.server ? (['embedded', 'server'] as const) : (['embedded'] as const);
  const out = [
    `As the organisation grows — checks/s and p99, ratio to ${first.size.municipalities} municipalit${first.size.municipalities === 1 ? 'y' : 'ies'} (${first.storedTuples.toLocaleString('en-US')} stored tuples)`,
    `| check | persona | ${sizes
      .flatMap((s) => sides.map((side) => `${side} at ${s.storedTuples.toLocaleString('en-US')} tuples`))
      .join(' | ')} |`,
    `| --- | --- |${sizes.flatMap(() => sides.map(() => ' ---: |')).join('')}`,
  ];
  const cell = (run: CheckRun | undefined, base: CheckRun | undefined) =>
    run && base
      ? `${rate(run)} (${times(run.perSecond / base.perSecond)}), p99 ${ms(run.p99Ms)} ms (${times(run.p99Ms / base.p99Ms)})`
      : '';
  const rowAt = (i: number) => (s: SizeResult) => s.rows[i];
  for (let i = 0; i <= first.rows.length; i++) {
    const isMix = i === first.rows.length;
    const label = isMix ? '**HOI check mix**' : first.rows[i]!.permission;
    const persona = isMix ? '' : first.rows[i]!.persona;
    const cells = sizes.flatMap((s) =>
      sides.map((side) => {
        const run = isMix ? s.mix[side] : rowAt(i)(s)?.[side];
        const base = isMix ? first.mix[side] : first.rows[i]![side];
        return cell(run, base);
      }),
    );
    out.push(`| ${label} | ${persona} | ${cells.join(' | ')} |`);
  }
  return out;
}

function investigationLines(v: Investigation): string[] {
  const { without, with: withTuples } = v.contextualTupleCost;
  return [
    'Why the embedded figure moves (same process, same evaluator)',
    `- machine now: a fixed sort loop took ${Math.round(v.calibrationMs)} ms (lower = faster/quieter; compare runs by this)`,
    `- the session-1 workload and method (${v.legacyMix.storedTuples.toLocaleString('en-US')} stored tuples, ${v.legacyMix.contextualTuples} contextual tuples on average, 200k checks after 2k warm-up): ` +
      `${rate(v.legacyMix)} checks/s, p50 ${ms(v.legacyMix.p50Ms)} ms, p99 ${ms(v.legacyMix.p99Ms)} ms, GC ${Math.round(v.legacyMix.gcShare * 100)}% of the time`,
    `- a fresh evaluator warming up on it: ${v.warmUp.map((w) => `checks ${w.from.toLocaleString('en-US')}–${w.to.toLocaleString('en-US')}: ${rate({ ...without, perSecond: w.perSecond })}/s`).join('; ')}`,
    `- contextual tuples alone: the floor ${rate(without)} checks/s without, ${rate(withTuples)} with 17 that cannot change its answer (${times(withTuples.perSecond / without.perSecond)}); GC ${Math.round(without.gcShare * 100)}% vs ${Math.round(withTuples.gcShare * 100)}%`,
  ];
}

/** Each permission and its parts on the server, each against the whole: where its time goes. */
export function partsTable(parts: readonly PartRow[]): string[] {
  const cpu = parts.some((p) => p.cpuMsPerCheck !== undefined);
  const lines = [
    "Where the server's time for a permission goes: the permission and each relation it is made of, asked on their own " +
      '(the same user, contextual tuples and context; each on children of its own, so no part is answered from caches another warmed)',
    `| permission | persona | part | allowed | server checks/s | p50 ms | vs the permission |${cpu ? ' OpenFGA CPU ms/check |' : ''}`,
    `| --- | --- | --- | ---: | ---: | ---: | ---: |${cpu ? ' ---: |' : ''}`,
  ];
  let whole: PartRow | undefined;
  for (const p of parts) {
    if (p.part === WHOLE) whole = p;
    const cells = [
      p.part === WHOLE ? p.permission : '',
      p.part === WHOLE ? p.persona : '',
      p.part === WHOLE ? `(the permission, asked as ${p.asked})` : p.part,
      `${Math.round(p.allowedShare * 100)}%`,
      `${rate(p.run)}${mark(p.run)}`,
      ms(p.run.p50Ms),
      whole ? times(p.run.perSecond / whole.run.perSecond) : '',
      ...(cpu ? [p.cpuMsPerCheck === undefined ? '' : ms(p.cpuMsPerCheck)] : []),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines;
}
