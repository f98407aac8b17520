/**
 * npm run bench:authz — every `can_*` the functions check (their manifests'
 * `permissionsChecked`), per persona that should be allowed and one that
 * should not, each on its own beside the floor (a stored tuple, no contextual
 * tuples), on the embedded evaluator and — with FGA_API_URL, e.g. under
 * `.ci/with-services` — the real OpenFGA server; at each organisation size
 * given, with how checks/s and p99 change against the smallest; on the server
 * also where a permission's time goes, its parts asked on their own
 * (server-parts.ts); then why the embedded figure moves (investigate.ts) and
 * each aim of issue 10 judged.
 *   npm run bench:authz -- --municipalities 1,98 --units 30
 * The organisation is made by the organisation sync itself (authz/organisation.ts).
 */
import { type Investigation, investigate } from './authz/investigate.ts';
import { formatAuthzBench } from './authz/print.ts';
import { type AuthzBenchResult, runAuthzBench } from './authz/run.ts';
import { formatRowTable } from './row-table.ts';
import type { BenchRow, Produced, RowContext } from './rows.ts';

/** Default sizes: one municipality and all 98, small units count, so the run stays about a minute. */
export const DEFAULT_SIZES = { municipalities: [1, 98], units: 30 } as const;

export interface AuthzBenchOutput {
  readonly result: AuthzBenchResult;
  readonly investigation: Investigation;
  readonly rows: readonly BenchRow[];
}

export async function runAuthz(
  sizes: { municipalities: readonly number[]; units: number } = DEFAULT_SIZES,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<AuthzBenchOutput> {
  const server = env.FGA_API_URL
    ? {
        apiUrl: env.FGA_API_URL,
        ...(env.FGA_API_TOKEN ? { apiToken: env.FGA_API_TOKEN } : {}),
        ...(env.HOI_OPENFGA_PID ? { pid: Number(env.HOI_OPENFGA_PID) } : {}),
        timeoutMs: 30_000,
      }
    : undefined;
  const investigation = await investigate();
  const result = await runAuthzBench({
    sizes: sizes.municipalities.map((municipalities) => ({
      municipalities,
      unitsPerMunicipality: sizes.units,
    })),
    ...(server ? { server } : {}),
  });
  return { result, investigation, rows: authzRowsOf(result, investigation) };
}

/** For `npm run bench` (rows.ts): the default sizes, judged. */
export async function authzRows(_context: RowContext): Promise<Produced> {
  const output = await runAuthz();
  return { rows: output.rows, text: formatAuthzBench(output.result, output.investigation) };
}

/** The rows issue 10's table judges: the mix on each side, each permission against the floor, growth with size. */
export function authzRowsOf(result: AuthzBenchResult, investigation: Investigation): BenchRow[] {
  const rows: BenchRow[] = [];
  const smallest = result.sizes[0]!;
  const largest = result.sizes.at(-1)!;
  const at = (s: (typeof result.sizes)[number]) =>
    `${s.size.municipalities} municipalit${s.size.municipalities === 1 ? 'y' : 'ies'}, ${s.storedTuples.toLocaleString('en-US')} stored tuples`;
  rows.push({
    name: `embedded evaluator, 1 thread, HOI check mix (${at(smallest)})`,
    value: smallest.mix.embedded.perSecond,
    unit: 'checks/s',
    aim: { on: 'value', atLeast: 250_000 },
  });
  rows.push({
    name: 'embedded evaluator, 1 thread, the session-1 workload (5 municipalities, 17 contextual tuples)',
    value: investigation.legacyMix.perSecond,
    unit: 'checks/s',
    aim: { on: 'value', atLeast: 250_000 },
  });
  if (result.sizes.length > 1) {
    rows.push({
      name: `embedded, HOI check mix at ${at(largest)}`,
      value: largest.mix.embedded.perSecond,
      unit: 'checks/s',
      baseline: smallest.mix.embedded.perSecond,
      baselineName: at(smallest),
      aim: { on: 'ratio', atLeast: 0.8 },
    });
    rows.push({
      name: `embedded, HOI check mix p99 at ${at(largest)}`,
      value: largest.mix.embedded.p99Ms,
      unit: 'ms',
      baseline: smallest.mix.embedded.p99Ms,
      baselineName: at(smallest),
      aim: { on: 'ratio', atMost: 1.2 },
    });
  }
  for (const size of result.sizes) {
    const floor = size.rows[0]!;
    const server = size.mix.server;
    if (!server || !floor.server) continue;
    rows.push({
      name: `OpenFGA server, HOI check mix, 4 in flight (${at(size)})`,
      value: server.perSecond,
      unit: 'checks/s',
      aim: { on: 'value', atLeast: 500 },
    });
    rows.push({
      name: `OpenFGA server, HOI check mix p99 (${at(size)})`,
      value: server.p99Ms,
      unit: 'ms',
      aim: { on: 'value', atMost: 30 },
    });
    for (const row of size.rows.slice(1)) {
      if (!row.server) continue;
      rows.push({
        name: `OpenFGA server, ${row.permission} (${row.persona}, ${row.expected ? 'allowed' : 'denied'}; ${at(size)})`,
        value: row.server.perSecond,
        unit: 'checks/s',
        baseline: floor.server.perSecond,
        baselineName: 'stored-tuple floor',
        aim: { on: 'ratio', atLeast: 0.5 },
      });
    }
  }
  return rows;
}

if (import.meta.main) {
  const sizes = parseArgs(process.argv.slice(2));
  const output = await runAuthz(sizes);
  console.log(formatAuthzBench(output.result, output.investigation));
  console.log(`\nIssue 10's aims\n${formatRowTable(output.rows)}`);
}

function parseArgs(args: readonly string[]): { municipalities: number[]; units: number } {
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const municipalities = (value('--municipalities') ?? DEFAULT_SIZES.municipalities.join(','))
    .split(',')
    .map(Number);
  const units = Number(value('--units') ?? DEFAULT_SIZES.units);
  if (
    municipalities.some((n) => !Number.isInteger(n) || n < 1 || n > 98) ||
    !Number.isInteger(units) ||
    units < 3
  ) {
    throw new Error(
      'usage: npm run bench:authz -- --municipalities 1,98 --units 30 (1–98 municipalities, ≥ 3 units)',
    );
  }
  return { municipalities: [...new Set(municipalities)].sort((a, b) => a - b), units };
}
