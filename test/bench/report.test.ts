import { describe, expect, it } from 'vitest';
import { grownRows } from './aims.ts';
import { grownTable, registeredTables, type Throughput } from './report.ts';
import { meetsAim, withRatio } from './rows.ts';

const load = (requestsPerSec: number, p99Ms: number, non2xx = 0, peakRssMiB = 90): Throughput => ({
  requestsPerSec,
  p50Ms: p99Ms / 4,
  p99Ms,
  total: requestsPerSec * 10,
  failures: { non2xx, errors: 0, timeouts: 0 },
  coreShare: 0.6,
  sandboxCoreShare: 0.3,
  peakRssMiB,
});
const grownBench = {
  pilotTuples: 6_668,
  grown: {
    municipalities: 98,
    unitsPerMunicipality: 30,
    storedTuples: 236_458,
    storeFillMs: 31_400,
    configurations: [
      {
        label: 'local',
        fn: 'case-lookup',
        persona: 'gp',
        pilot: load(400, 40),
        grown: load(360, 44, 0, 141.6),
      },
      {
        label: 'production',
        fn: 'case-lookup',
        persona: 'gp',
        pilot: load(300, 50),
        grown: load(150, 90, 3),
      },
      {
        label: 'production',
        fn: 'appointments',
        persona: 'caseworker',
        pilot: load(600, 30),
        grown: load(540, 30),
      },
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

  it('sets each function and configuration at every municipality beside its figures at the pilot', () => {
    const lines = grownTable(grownBench);
    expect(lines[1]).toBe(
      "## The functions as the organisation grows — the same requests, the pilot (6,668 stored tuples) vs 98 municipalities of 30 units (236,458 stored tuples; production's store filled in 31.4 s), side by side on the server core, half the connections each",
    );
    expect(lines.filter((l) => /^\| (case-lookup|appointments)/.test(l))).toEqual([
      '| case-lookup (gp), local | 400 | 360 | 0.90× | 10 | 11 | 40 | 44 | 1.10× | 1.50 | 1.67 | 90 | 142 |',
      '| case-lookup (gp), production | 300 | 150 | 0.50× | 12.5 | 22.5 | 50 | 90 | 1.80× | 2.00 | 4.00 | 90 | 90 |',
      '| appointments (caseworker), production | 600 | 540 | 0.90× | 7.5 | 7.5 | 30 | 30 | 1.00× | 1.00 | 1.11 | 90 | 90 |',
    ]);
    expect(lines).toContain(
      'WARNING case-lookup (gp), production at 98 municipalities: 3 of 1500 answers failed',
    );
    // The table's rows stay together; the warning follows it.
    const table = lines.filter((l) => l.startsWith('|'));
    expect(lines.slice(lines.indexOf(table[0]!), lines.indexOf(table.at(-1)!) + 1)).toEqual(table);
    expect(lines.at(-1)).toBe(
      'WARNING case-lookup (gp), production at 98 municipalities: 3 of 1500 answers failed',
    );
  });

  it('says when a copy of the store began to decide, or was dropped, after the table', () => {
    const withCopy = {
      ...grownBench,
      grown: {
        ...grownBench.grown,
        configurations: [
          {
            label: 'replica',
            fn: 'case-lookup',
            persona: 'gp',
            pilot: { ...load(300, 50), settled: { ms: 1234, code: 'authz_replica_fresh' } },
            grown: { ...load(290, 52), settled: { ms: 61_000, code: 'authz_replica_dropped' } },
          },
        ],
      },
    };
    const lines = grownTable(withCopy);
    expect(lines.at(-1)).toBe(
      "case-lookup (gp), replica: measured once settled — at the pilot's size the copy of the store decided from 1.2 s after the spawn; at 98 municipalities the copy of the store was dropped (over its tuple limit) 61.0 s after the spawn: the server decided",
    );
    expect(lines.at(-2)).toBe('');
  });

  it('judges req/s and p99 at every municipality against the pilot, within 20%', () => {
    const rows = grownRows(grownBench);
    const size = "98 municipalities (236k stored tuples) vs over the pilot's";
    expect(rows.map((r) => [r.name, withRatio(r).ratio, meetsAim(r)])).toEqual([
      [`case-lookup (gp), local: req/s over ${size} (6.7k)`, 0.9, true],
      [`case-lookup (gp), local: p99 over ${size}`, 1.1, true],
      [`case-lookup (gp), production: req/s over ${size} (6.7k)`, 0.5, false],
      [`case-lookup (gp), production: p99 over ${size}`, 1.8, false],
      [`appointments (caseworker), production: req/s over ${size} (6.7k)`, 0.9, true],
      [`appointments (caseworker), production: p99 over ${size}`, 1, true],
    ]);
  });
});
