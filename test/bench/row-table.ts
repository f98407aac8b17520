/** Rows as a Markdown table: the measured value, the baseline, the ratio, the aim and whether it is met. */
import { type BenchRow, describeAim, meetsAim, withRatio } from './rows.ts';

export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return '?';
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function verdictOf(row: BenchRow): string {
  const met = meetsAim(row);
  return met === undefined ? '' : met ? 'met' : 'MISSED';
}

export function formatRowTable(rows: readonly BenchRow[]): string {
  const lines = [
    '| row | value | baseline | ratio | aim | verdict |',
    '| --- | ---: | ---: | ---: | --- | --- |',
  ];
  for (const raw of rows) {
    const row = withRatio(raw);
    const baseline =
      row.baseline === undefined
        ? ''
        : `${formatNumber(row.baseline)} ${row.unit}${row.baselineName ? ` (${row.baselineName})` : ''}`;
    lines.push(
      `| ${row.name} | ${formatNumber(row.value)} ${row.unit} | ${baseline} | ${
        row.ratio === undefined ? '' : `${formatNumber(row.ratio)}×`
      } | ${describeAim(row)} | ${verdictOf(row)} |`,
    );
  }
  return lines.join('\n');
}
