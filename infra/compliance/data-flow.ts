/**
 * The data-flow map of a target as an SVG picture: who calls the platform
 * (left), its functions (middle), the systems they pull from (right) and the
 * stores below. A dashed line is data pulled per request and only passed
 * through; a thick line is data stored. Laid out in a fixed grid from sorted
 * facts, so the same facts always draw the same picture.
 */
import { DATA_CATEGORIES, RECIPIENTS, type Recipient } from '../../functions/kit/processing.ts';
import type { ComplianceFacts } from './facts.ts';

const ROW = 64;
const BOX_H = 50;
const TOP = 96;
const COLUMNS = { recipients: 20, functions: 400, upstreams: 790 } as const;
const WIDTHS = { recipients: 280, functions: 220, upstreams: 390 } as const;
const WIDTH = 1200;
/** Stores drawn as the function's own (operational ones are in the legend). */
const DRAWN_STORES = new Set([
  'audit-log',
  'correspondence-content',
  'correspondence-status',
  'authorization-store',
  'checkpoint-store',
  'backups',
]);

const xml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

function box(b: Box, title: string, subtitle: string, style: string): string {
  return [
    `<g class="${style}">`,
    `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="6"/>`,
    `<text x="${b.x + 10}" y="${b.y + 20}" class="title">${xml(title)}</text>`,
    `<text x="${b.x + 10}" y="${b.y + 38}" class="sub">${xml(subtitle)}</text>`,
    '</g>',
  ].join('');
}

function line(from: Box, to: Box, style: 'answer' | 'pull' | 'store', toSide: 'left' | 'top'): string {
  const x1 = toSide === 'left' ? from.x + from.w : from.x + from.w / 2;
  const y1 = toSide === 'left' ? from.y + from.h / 2 : from.y + from.h;
  const x2 = toSide === 'left' ? to.x : to.x + to.w / 2;
  const y2 = toSide === 'left' ? to.y + to.h / 2 : to.y;
  return `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" class="${style}" marker-end="url(#arrow-${style})"/>`;
}

const writes = (fn: ComplianceFacts['functions'][number]) => {
  const own = fn.stores.filter((s) => DRAWN_STORES.has(s.id)).map((s) => s.id.replace(/-/g, ' '));
  return own.length > 0 ? `stores: ${own.join(', ')}` : 'stores nothing';
};

const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function dataFlowSvg(facts: ComplianceFacts): string {
  const functions = facts.functions;
  const recipients = [
    ...new Set(functions.flatMap((f) => f.recipients.map((r) => r.key))),
  ].sort() as Recipient[];
  const upstreams = [...new Set(functions.flatMap((f) => f.upstreams.map((u) => u.name)))].sort();
  const upstreamFacts = new Map(functions.flatMap((f) => f.upstreams.map((u) => [u.name, u] as const)));
  const stores = facts.stores.filter((s) => DRAWN_STORES.has(s.id));
  const rows = Math.max(recipients.length, functions.length, upstreams.length, 1);
  const storesTop = TOP + rows * ROW + 60;
  const storeW = Math.floor((WIDTH - 40 - (stores.length - 1) * 12) / Math.max(stores.length, 1));
  const height = storesTop + BOX_H + 20 + 110;

  const at = (column: keyof typeof COLUMNS, i: number): Box => ({
    x: COLUMNS[column],
    y: TOP + i * ROW,
    w: WIDTHS[column],
    h: BOX_H,
  });
  const recipientBox = new Map(recipients.map((r, i) => [r, at('recipients', i)]));
  const functionBox = new Map(functions.map((f, i) => [f.name, at('functions', i)]));
  const upstreamBox = new Map(upstreams.map((u, i) => [u, at('upstreams', i)]));
  const storeBox = new Map(
    stores.map((s, i) => [s.id, { x: 20 + i * (storeW + 12), y: storesTop, w: storeW, h: BOX_H }]),
  );

  const lines: string[] = [];
  for (const fn of functions) {
    const own = functionBox.get(fn.name)!;
    for (const r of fn.recipients) lines.push(line(recipientBox.get(r.key)!, own, 'answer', 'left'));
    for (const u of fn.upstreams) lines.push(line(own, upstreamBox.get(u.name)!, 'pull', 'left'));
    for (const s of fn.stores) {
      const target = storeBox.get(s.id);
      if (target) lines.push(line(own, target, 'store', 'top'));
    }
  }
  const kept = (id: string) => {
    const r = facts.stores.find((s) => s.id === id)?.retention;
    if (!r) return '';
    if ('days' in r) return `kept ${r.days} days`;
    if ('target' in r) return `kept ${facts.target.database.retention}`;
    return 'kept while current';
  };
  const boxes = [
    ...recipients.map((r) =>
      box(recipientBox.get(r)!, RECIPIENTS[r].name, truncate(RECIPIENTS[r].label, 46), 'recipient'),
    ),
    ...functions.map((f) =>
      box(
        functionBox.get(f.name)!,
        f.name,
        f.processes ? truncate(writes(f), 34) : 'no personal data',
        'function',
      ),
    ),
    ...upstreams.map((u) => {
      const facts = upstreamFacts.get(u)!;
      const carried = facts.categories
        .filter((c) => c !== 'cpr-number')
        .map((c) => c)
        .join(', ');
      return box(
        upstreamBox.get(u)!,
        truncate(facts.system, 46),
        truncate(`${facts.network}: ${carried}`, 62),
        'upstream',
      );
    }),
    ...stores.map((s) =>
      box(storeBox.get(s.id)!, truncate(s.name.replace(/ \(.*$/, ''), 24), kept(s.id), 'store'),
    ),
  ];
  const legendY = storesTop + BOX_H + 40;
  const personal = Object.entries(DATA_CATEGORIES)
    .filter(([, c]) => c.kind === 'health')
    .map(([k]) => k);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif">
<title>Data flows of HOI Platform — ${xml(facts.target.name)}</title>
<style>
rect { stroke-width: 1.5; }
.recipient rect { fill: #eef4fb; stroke: #3b6ea5; }
.function rect { fill: #fff7e6; stroke: #b7791f; }
.upstream rect { fill: #eef8f0; stroke: #2f855a; }
.store rect { fill: #f3eefb; stroke: #6b46c1; stroke-width: 3; }
.title { font-size: 13px; font-weight: bold; fill: #1a202c; }
.sub { font-size: 11px; fill: #4a5568; }
.head { font-size: 15px; font-weight: bold; fill: #1a202c; }
.note { font-size: 12px; fill: #2d3748; }
line.answer { stroke: #3b6ea5; stroke-width: 1.2; }
line.pull { stroke: #2f855a; stroke-width: 1.2; stroke-dasharray: 6 4; }
line.store { stroke: #6b46c1; stroke-width: 2.5; }
</style>
<defs>
${(['answer', 'pull', 'store'] as const)
  .map(
    (s) =>
      `<marker id="arrow-${s}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="${s}" fill="${{ answer: '#3b6ea5', pull: '#2f855a', store: '#6b46c1' }[s]}"/></marker>`,
  )
  .join('\n')}
</defs>
<text x="20" y="30" class="head">Data flows — target ${xml(facts.target.name)} (${xml(facts.target.hosting.country)}, run by ${xml(facts.target.hosting.operator)})</text>
<text x="${COLUMNS.recipients}" y="${TOP - 16}" class="head">Who asks (recipients)</text>
<text x="${COLUMNS.functions}" y="${TOP - 16}" class="head">Functions</text>
<text x="${COLUMNS.upstreams}" y="${TOP - 16}" class="head">Sources (pulled per request)</text>
<text x="20" y="${storesTop - 16}" class="head">Stores (inside the deployment)</text>
${lines.join('\n')}
${boxes.join('\n')}
<line x1="20" y1="${legendY}" x2="70" y2="${legendY}" class="answer"/><text x="80" y="${legendY + 4}" class="note">request and answer (TLS; identity from the caller's trust domain)</text>
<line x1="20" y1="${legendY + 22}" x2="70" y2="${legendY + 22}" class="pull"/><text x="80" y="${legendY + 26}" class="note">pulled per request and only passed through: never stored, never cached (POL-001.1, POL-001.5)</text>
<line x1="20" y1="${legendY + 44}" x2="70" y2="${legendY + 44}" class="store"/><text x="80" y="${legendY + 48}" class="note">stored, for the period shown (POL-009); log lines and telemetry carry no personal data (POL-001.7)</text>
<text x="20" y="${legendY + 72}" class="note">Health data (GDPR art. 9) among the sources: ${xml(personal.join(', '))}. Everything stays in the EU/EEA: ${xml([...new Set(facts.places.map((p) => p.country))].sort().join(', '))}.</text>
</svg>
`;
}
