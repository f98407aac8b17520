/**
 * The chart of REPORT.md (`ratios.svg`): one bar per judged row, showing how
 * far the row stands from its aim — measured ÷ aim for a "≥" aim, aim ÷
 * measured for a "≤" aim — on a log scale, so 1 is exactly the aim, right of
 * it met, left of it missed. Plain SVG written here: fixed layout, no fonts
 * or scripts fetched, the same rows give the same bytes.
 */

import { formatNumber } from './row-table.ts';
import { type BenchRow, describeAim, meetsAim, withRatio } from './rows.ts';

const WIDTH = 1180;
const LABEL_WIDTH = 560;
const BAR_LEFT = LABEL_WIDTH + 10;
const BAR_WIDTH = WIDTH - BAR_LEFT - 240;
const ROW_HEIGHT = 22;
const TOP = 40;
/** The log scale's ends: 1/100 of the aim to 10 times it. */
const MIN = 0.01;
const MAX = 10;

/** Measured against the aim as one number: ≥ 1 is met. `undefined` for rows without a judged aim. */
export function standing(row: BenchRow): number | undefined {
  if (!row.aim || meetsAim(row) === undefined) return undefined;
  const measured = row.aim.on === 'ratio' ? withRatio(row).ratio! : row.value;
  // Of a two-sided aim, the side that binds.
  const sides = [
    row.aim.atLeast === undefined ? undefined : measured / row.aim.atLeast,
    row.aim.atMost === undefined ? undefined : measured === 0 ? MAX : row.aim.atMost / measured,
  ].filter((s): s is number => s !== undefined);
  return Math.min(...sides);
}

export function ratiosSvg(rows: readonly BenchRow[], title: string): string {
  const judged = rows.flatMap((row) => {
    const s = standing(row);
    return s === undefined ? [] : [{ row, s }];
  });
  const height = TOP + judged.length * ROW_HEIGHT + 40;
  const x = (value: number) => {
    const clamped = Math.min(MAX, Math.max(MIN, value));
    const share = (Math.log10(clamped) - Math.log10(MIN)) / (Math.log10(MAX) - Math.log10(MIN));
    return round(BAR_LEFT + share * BAR_WIDTH);
  };
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="10" y="20" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  for (const tick of [0.01, 0.1, 0.5, 1, 2, 10]) {
    const tx = x(tick);
    parts.push(
      `<line x1="${tx}" y1="${TOP - 6}" x2="${tx}" y2="${height - 30}" stroke="${tick === 1 ? '#333333' : '#dddddd'}" stroke-width="${tick === 1 ? 2 : 1}"/>`,
      `<text x="${tx}" y="${height - 14}" text-anchor="middle" fill="#555555">${tick === 1 ? 'aim' : `${tick}×`}</text>`,
    );
  }
  judged.forEach(({ row, s }, i) => {
    const y = TOP + i * ROW_HEIGHT;
    const met = s >= 1;
    const from = x(1);
    const to = x(s);
    const measured =
      row.aim!.on === 'ratio'
        ? `${formatNumber(withRatio(row).ratio!)}×`
        : `${formatNumber(row.value)} ${row.unit}`;
    parts.push(
      `<text x="${LABEL_WIDTH}" y="${y + 15}" text-anchor="end">${escapeXml(shorten(row.name, 88))}</text>`,
      `<rect x="${Math.min(from, to)}" y="${y + 4}" width="${round(Math.max(1, Math.abs(to - from)))}" height="${ROW_HEIGHT - 8}" fill="${met ? '#2e7d32' : '#c62828'}"/>`,
      `<text x="${WIDTH - 235}" y="${y + 15}" fill="${met ? '#2e7d32' : '#c62828'}">${escapeXml(`${measured} (${describeAim(row)})`)}</text>`,
    );
  });
  parts.push('</svg>', '');
  return parts.join('\n');
}

const round = (value: number) => Math.round(value * 10) / 10;

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
