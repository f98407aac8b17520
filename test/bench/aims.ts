/**
 * `npm run bench`'s figures as rows, each with issue 10's aim where the issue
 * sets one (the table at its top): case-lookup against the reference that
 * makes the same upstream calls, telemetry on against off, cold start against
 * hello, the bundle's size and idle memory. The other functions' rows (issue
 * 12) are shown against hello and their reference without an aim of their own.
 */
import type { BenchResult, GrownFigures } from './report.ts';
import { allCpuPerRequest, cpuPerRequest, median } from './report.ts';
import type { BenchRow } from './rows.ts';

const MIB = 1024;

export function issue10Rows(r: BenchResult): BenchRow[] {
  const rows: BenchRow[] = [];
  const group = 'npm run bench';
  const hello = r.hello.throughput;
  for (const c of r.configurations) {
    rows.push({
      group,
      name: `case-lookup, ${c.label}: req/s vs the reference making the same five upstream calls`,
      value: c.throughput.requestsPerSec,
      unit: 'req/s',
      baseline: r.fanOut.requestsPerSec,
      baselineName: 'reference',
      aim: { on: 'ratio', atLeast: 0.6 },
    });
  }
  rows.push(...grownRows(r));
  rows.push({
    group,
    name: 'the kit’s HTTP app (POST JSON → JSON): CPU per request vs hello’s (GET → JSON), what every function pays before its own work',
    value: cpuPerRequest(r.kitApp),
    unit: 'ms',
    baseline: cpuPerRequest(hello),
    baselineName: 'hello',
  });
  const production = r.configurations.at(-1)!;
  rows.push(
    {
      group,
      name: `case-lookup, ${r.productionLike}: req/s with telemetry on as deployed (OTLP to a loopback sink, ${Math.round(r.telemetry.sampleRatio * 100)}% of requests traced) vs off, side by side on one core`,
      value: r.telemetry.on.requestsPerSec,
      unit: 'req/s',
      baseline: r.telemetry.off.requestsPerSec,
      baselineName: 'telemetry off',
      aim: { on: 'ratio', atLeast: 0.9 },
    },
    {
      group,
      name: `case-lookup, ${r.productionLike}: CPU per request with telemetry on as deployed vs off, side by side`,
      value: cpuPerRequest(r.telemetry.on),
      unit: 'ms',
      baseline: cpuPerRequest(r.telemetry.off),
      baselineName: 'telemetry off',
      aim: { on: 'ratio', atMost: 1.1 },
    },
    {
      group,
      name: `case-lookup, ${r.productionLike}: CPU per request with every request traced vs off (what the sampling saves; no aim)`,
      value: cpuPerRequest(r.telemetry.everyTraced),
      unit: 'ms',
      baseline: cpuPerRequest(r.telemetry.off),
      baselineName: 'telemetry off',
    },
  );
  if (!Number.isNaN(production.throughput.servicesCoreShare?.openfga ?? Number.NaN)) {
    // Why the req/s row above stands where it does: on shared cores, CPU per answer bounds req/s.
    rows.push({
      group,
      name: `case-lookup, ${r.productionLike}: CPU per answer of every process (function, OpenFGA, PostgreSQL, sandbox) vs the reference's`,
      value: allCpuPerRequest(production.throughput),
      unit: 'ms',
      baseline: allCpuPerRequest(r.fanOut),
      baselineName: 'reference',
    });
  }
  const helloCold = median(r.hello.coldStart);
  for (const c of r.configurations) {
    rows.push({
      group,
      name: `cold start, case-lookup, ${c.label}: spawn → first authorized 200 vs bare Hono hello`,
      value: median(c.coldStart.firstAuthorized),
      unit: 'ms',
      baseline: helloCold,
      baselineName: 'hello',
      aim: { on: 'ratio', atMost: 2 },
    });
  }
  rows.push({
    group,
    name: `cold start, case-lookup, ${r.productionLike}, OTLP endpoint set (as deployed) vs bare Hono hello`,
    value: median(r.telemetryColdStart),
    unit: 'ms',
    baseline: helloCold,
    baselineName: 'hello',
    aim: { on: 'ratio', atMost: 2 },
  });
  rows.push({
    group,
    name: 'cold start, hello + case-lookup’s production libraries (their floor) vs bare Hono hello',
    value: median(r.withLibrariesColdStart),
    unit: 'ms',
    baseline: helloCold,
    baselineName: 'hello',
  });
  const caseLookup = r.bundles.find((b) => b.name === 'case-lookup');
  if (caseLookup) {
    rows.push(
      {
        group,
        name: 'case-lookup bundle, entry + lazy chunks',
        value: caseLookup.kib / MIB,
        unit: 'MiB',
        aim: { on: 'value', atMost: 2 },
      },
      { group, name: 'case-lookup bundle, entry file alone', value: caseLookup.entryKib / MIB, unit: 'MiB' },
    );
  }
  rows.push({
    group,
    name: `case-lookup idle RSS, OTLP endpoint configured (${r.productionLike})`,
    value: r.telemetry.idleRssMiB.on,
    unit: 'MiB',
    baseline: r.telemetry.idleRssMiB.off,
    baselineName: 'not configured',
    aim: { on: 'value', atMost: 80 },
  });
  const [firstUse, ...otherUses] = r.telemetry.idleRssMiB.afterUse ?? [];
  for (const use of otherUses) {
    rows.push({
      group,
      name: `case-lookup at rest after 300 lookups, OTLP endpoint configured (${use.label}; no aim)`,
      value: use.mib,
      unit: 'MiB',
      baseline: firstUse!.mib,
      baselineName: firstUse!.label,
    });
  }
  for (const f of r.functions) {
    rows.push(
      {
        group,
        name: `${f.fn} (${f.persona}), ${r.productionLike}: req/s vs its reference (same upstream calls)`,
        value: f.throughput.requestsPerSec,
        unit: 'req/s',
        baseline: f.reference.requestsPerSec,
        baselineName: 'reference',
      },
      {
        group,
        name: `${f.fn}: req/s vs hello`,
        value: f.throughput.requestsPerSec,
        unit: 'req/s',
        baseline: hello.requestsPerSec,
        baselineName: 'hello',
      },
      {
        group,
        name: `${f.fn}: p99 vs its reference`,
        value: f.throughput.p99Ms,
        unit: 'ms',
        baseline: f.reference.p99Ms,
        baselineName: 'reference',
      },
    );
  }
  return rows;
}

/** Each function over every municipality against the pilot, per configuration: within 20%, as the embedded evaluator's aim. */
export function grownRows(r: GrownFigures): BenchRow[] {
  const group = 'npm run bench';
  const rows: BenchRow[] = [];
  for (const c of r.grown.configurations) {
    const size = `${r.grown.municipalities} municipalities (${Math.round(r.grown.storedTuples / 1000)}k stored tuples)`;
    rows.push(
      {
        group,
        name: `${c.fn} (${c.persona}), ${c.label}: req/s over ${size} vs over the pilot's (${(r.pilotTuples / 1000).toFixed(1)}k)`,
        value: c.grown.requestsPerSec,
        unit: 'req/s',
        baseline: c.pilot.requestsPerSec,
        baselineName: 'pilot',
        aim: { on: 'ratio', atLeast: 0.8 },
      },
      {
        group,
        name: `${c.fn} (${c.persona}), ${c.label}: p99 over ${size} vs over the pilot's`,
        value: c.grown.p99Ms,
        unit: 'ms',
        baseline: c.pilot.p99Ms,
        baselineName: 'pilot',
        aim: { on: 'ratio', atMost: 1.2 },
      },
    );
  }
  return rows;
}
