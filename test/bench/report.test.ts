import { describe, expect, it } from 'vitest';
import { grownRows } from './aims.ts';
import { grownTable, registeredTables, type Throughput } from './report.ts';
import { meetsAim, withRatio } from './rows.ts';

const load = (requestsPerSec: number, p99Ms: number, non2xx = 0): Throughput => ({
  requestsPerSec,
  p50Ms: p99Ms / 4,
  p99Ms,
  total: requestsPerSec * 10,
  failures: { non2xx, errors: 0, timeouts: 0 },
  coreShare: 0.6,
  sandboxCoreShare: 0.3,
  peakRssMiB: 90,
});
const grownBench = {
  pilotTuples: 6_668,
  grown: {
    municipalities: 98,
    unitsPerMunicipality: 30,
    storedTuples: 236_458,
    storeFillMs: 31_400,
    configurations: [
      { label: 'local', pilot: load(400, 40), grown: load(360, 44) },
      { label: 'production', pilot: load(300, 50), grown: load(150, 90, 3) },
    ],
  },
};

describe('the report', () => {
  it('shows the tables each registered bench printed, under its name', () => {
    expect(
      registeredTables([
        { name: 'bench:authz', text: '\n| a | b |\n| --- | --- |\n' },
        { name: 'correspondence', text: 'one line' },
      ]),
    ).toEqual([
      '',
      '## The tables the registered benches print',
      '',
      '### bench:authz',
      '',
      '| a | b |\n| --- | --- |',
      '',
      '### correspondence',
      '',
      'one line',
    ]);
  });

  it('adds nothing when no bench printed a table', () => {
    expect(registeredTables([])).toEqual([]);
  });

  it('sets each configuration at every municipality beside its figures at the pilot', () => {
    const lines = grownTable(grownBench);
    expect(lines[1]).toBe(
      "## case-lookup as the organisation grows — the same lookups, the pilot (6,668 stored tuples) vs 98 municipalities of 30 units (236,458 stored tuples; production's store filled in 31.4 s), side by side on the server core, half the connections each",
    );
    expect(lines.filter((l) => l.startsWith('| local') || l.startsWith('| production'))).toEqual([
      '| local | 400 | 360 | 0.90× | 10 | 11 | 40 | 44 | 1.10× | 1.50 | 1.67 |',
      '| production | 300 | 150 | 0.50× | 12.5 | 22.5 | 50 | 90 | 1.80× | 2.00 | 4.00 |',
    ]);
    expect(lines).toContain('WARNING production at 98 municipalities: 3 of 1500 answers failed');
  });

  it('judges req/s and p99 at every municipality against the pilot, within 20%', () => {
    const rows = grownRows(grownBench);
    expect(rows.map((r) => [r.name, withRatio(r).ratio, meetsAim(r)])).toEqual([
      [
        "case-lookup, local: req/s over 98 municipalities (236k stored tuples) vs over the pilot's (6.7k)",
        0.9,
        true,
      ],
      ["case-lookup, local: p99 over 98 municipalities (236k stored tuples) vs over the pilot's", 1.1, true],
      [
        "case-lookup, production: req/s over 98 municipalities (236k stored tuples) vs over the pilot's (6.7k)",
        0.5,
        false,
      ],
      [
        "case-lookup, production: p99 over 98 municipalities (236k stored tuples) vs over the pilot's",
        1.8,
        false,
      ],
    ]);
  });
});
