/**
 * One measured figure of `npm run bench`, and the benches that produce them.
 * A bench module anywhere in test/bench can add rows: list it in
 * `ROW_SOURCES`; `npm run bench` imports each listed file that exists, calls
 * its function and puts the rows in results.json, REPORT.md and the chart.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface BenchRow {
  readonly name: string;
  readonly value: number;
  /** `req/s`, `checks/s`, `ms`, `MiB`, `errors`… */
  readonly unit: string;
  /** The same figure for what this row is compared with, in the same unit. */
  readonly baseline?: number;
  /** value / baseline unless the producer says otherwise. */
  readonly ratio?: number;
  /** What the row should reach (issue 10's table); rows without one are shown, not judged. */
  readonly aim?: Aim;
  /** A heading rows are grouped under in the report. */
  readonly group?: string;
  /** What the baseline is, in a few words. */
  readonly baselineName?: string;
}

/** An aim on the row's ratio or on its value, as `≥ x` or `≤ x`. */
export interface Aim {
  readonly on: 'ratio' | 'value';
  readonly atLeast?: number;
  readonly atMost?: number;
}

export interface RowContext {
  readonly root: string;
  /** A scratch folder of this run, removed afterwards. */
  readonly workDir: string;
}

/** A module that produces rows: `file` relative to test/bench, `run` the name of its exported function. */
export interface RowSource {
  readonly name: string;
  readonly file: string;
  readonly run: string;
}

export const ROW_SOURCES: readonly RowSource[] = [
  { name: 'authorization (npm run bench:authz)', file: 'authz.bench.ts', run: 'authzRows' },
  { name: 'local platform burst', file: 'local-burst.ts', run: 'localBurstRows' },
  { name: 'correspondence', file: 'correspondence.bench.ts', run: 'correspondenceRows' },
];

/** Rows, or rows with the tables a source printed, for the report. */
export type Produced = readonly BenchRow[] | { readonly rows: readonly BenchRow[]; readonly text?: string };
type RowProducer = (context: RowContext) => Promise<Produced> | Produced;

/**
 * Rows of every listed source whose file exists. The function is `run` or,
 * failing that, the module's only exported function. A source that fails
 * becomes one row saying so, and the others still run.
 */
export async function collectRows(
  sources: readonly RowSource[],
  context: RowContext,
  here = import.meta.dirname,
): Promise<{
  rows: BenchRow[];
  skipped: string[];
  failed: string[];
  texts: { name: string; text: string }[];
}> {
  const rows: BenchRow[] = [];
  const texts: { name: string; text: string }[] = [];
  const skipped: string[] = [];
  const failed: string[] = [];
  for (const source of sources) {
    const file = join(here, source.file);
    if (!existsSync(file)) {
      skipped.push(source.name);
      continue;
    }
    try {
      const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      const produce = (module[source.run] ?? onlyFunction(module)) as RowProducer | undefined;
      if (typeof produce !== 'function') throw new Error(`exports no function ${source.run}`);
      const produced = await produce(context);
      const list = Array.isArray(produced) ? produced : (produced as { rows: readonly BenchRow[] }).rows;
      for (const row of list) rows.push({ group: source.name, ...withRatio(row) });
      const text = Array.isArray(produced) ? undefined : (produced as { text?: string }).text;
      if (text) texts.push({ name: source.name, text });
    } catch (error) {
      failed.push(`${source.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { rows, skipped, failed, texts };
}

export function withRatio(row: BenchRow): BenchRow {
  if (row.ratio !== undefined || row.baseline === undefined || row.baseline === 0) return row;
  return { ...row, ratio: row.value / row.baseline };
}

/** Whether the row meets its aim; `undefined` when it has none (or nothing to judge it by). */
export function meetsAim(row: BenchRow): boolean | undefined {
  if (!row.aim) return undefined;
  const measured = row.aim.on === 'ratio' ? withRatio(row).ratio : row.value;
  if (measured === undefined || Number.isNaN(measured)) return undefined;
  return (
    (row.aim.atLeast === undefined || measured >= row.aim.atLeast) &&
    (row.aim.atMost === undefined || measured <= row.aim.atMost)
  );
}

/** `ratio ≥ 0.6×`, `≤ 80 MiB`. */
export function describeAim(row: BenchRow): string {
  if (!row.aim) return '';
  const x = row.aim.on === 'ratio' ? '×' : ` ${row.unit}`;
  const parts = [
    row.aim.atLeast !== undefined ? `≥ ${row.aim.atLeast}${x}` : '',
    row.aim.atMost !== undefined ? `≤ ${row.aim.atMost}${x}` : '',
  ].filter(Boolean);
  return `${row.aim.on === 'ratio' ? 'ratio ' : ''}${parts.join(' and ')}`;
}

function onlyFunction(module: Record<string, unknown>): unknown {
  const functions = Object.values(module).filter((v) => typeof v === 'function');
  return functions.length === 1 ? functions[0] : undefined;
}
