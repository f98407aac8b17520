/**
 * Runs `npm run bench:authz`'s measurements: for each organisation size, each
 * permission check and the floor, on the embedded evaluator and (when a
 * connection is given) on a real OpenFGA server in a store of its own.
 */
import { join } from 'node:path';
import { loadRelevantCasesPolicy } from '../../../functions/kit/org-sync/relevant-cases-policy.ts';
import { createEmbeddedAuthorizer } from '../../../functions/openfga-embedded/index.ts';
import type {
  AuthorizationModel,
  CheckRequest,
  CheckResult,
} from '../../../functions/openfga-embedded/vocabulary/types.ts';
import { loadModel } from '../../../functions/runtime/authz/model.ts';
import { createOpenFgaAuthorizer } from '../../../functions/runtime/authz/openfga-adapter.ts';
import {
  createStoreWithModel,
  deleteStore,
  type OpenFgaConnection,
  writeTuples,
} from '../../../functions/runtime/authz/openfga-store-admin.ts';
import { type Bounds, type CheckRun, measureChecks, medianRun } from './measure.ts';
import { benchOrganisation, type OrganisationSize } from './organisation.ts';
import { checkedPermissions, type PermissionCheck, permissionChecks } from './permission-checks.ts';
import { measureServerParts, type PartRow, partSubjects, requestsNeeded } from './server-parts.ts';

export interface AuthzBenchOptions {
  readonly sizes: readonly OrganisationSize[];
  readonly server?: OpenFgaConnection & {
    /** The server's process, for its CPU per check in the parts table (server-parts.ts). */
    readonly pid?: number;
  };
  /** @default EMBEDDED_BOUNDS */
  readonly embeddedBounds?: Bounds;
  /** @default SERVER_BOUNDS */
  readonly serverBounds?: Bounds;
  /** Progress lines go here. @default console.error */
  readonly log?: (line: string) => void;
}

/** One check kind measured at one size. */
export interface CheckRow {
  readonly permission: string;
  readonly persona: string;
  readonly expected: boolean;
  /** The relation the decision sends for it (a base, a twin, a case's own part), when not the permission's own. */
  readonly askedAs?: string;
  readonly contextualTuples: number;
  readonly embedded: CheckRun;
  readonly server?: CheckRun;
}

export interface SizeResult {
  readonly size: Required<OrganisationSize>;
  readonly storedTuples: number;
  readonly units: number;
  readonly employees: number;
  readonly rows: readonly CheckRow[];
  /** Every permission row's requests interleaved: the HOI check mix. */
  readonly mix: { readonly embedded: CheckRun; readonly server?: CheckRun };
  /** Milliseconds to build the embedded store, and to write the server's. */
  readonly loadMs: { readonly embedded: number; readonly server?: number };
  /** On the server, at the first size: each permission and its parts asked on their own. */
  readonly parts?: readonly PartRow[];
}

export interface AuthzBenchResult {
  readonly permissions: readonly string[];
  /** Permissions a manifest lists that the bench has no persona for. */
  readonly unknown: readonly string[];
  readonly sizes: readonly SizeResult[];
}

export const EMBEDDED_BOUNDS: Bounds = { maxChecks: 200_000, maxMs: 400, inFlight: 1, warmUp: 3_000 };
/** Rounds of the embedded mix (judged rows), the median reported (`medianRun`). */
const MIX_ROUNDS = 3;
/** 4 in flight, as the figures were taken; a round at most 1 s a row even at 3 checks/s. */
export const SERVER_BOUNDS: Bounds = { maxChecks: 150, maxMs: 1_000, inFlight: 4, warmUp: 8 };
/**
 * Rounds on the server, the median of each row reported (`medianRun`): every
 * round measures the floor and each permission in turn, so a slow moment of a
 * shared machine moves one of three figures of every row, not a whole ratio
 * (the floor measured once, in a busy second, made every row look better or
 * worse). The mix is run as many times.
 */
const SERVER_ROUNDS = 3;
/**
 * Distinct children per check: the server's rows take their rounds from the
 * first half, its mix from the second, so no request repeats one asked within
 * a run (the server's check cache would answer it).
 */
const VARIANTS = 1_000;
const EMBEDDED_VARIANTS = 500;
const root = join(import.meta.dirname, '../../..');

export async function runAuthzBench(options: AuthzBenchOptions): Promise<AuthzBenchResult> {
  const log = options.log ?? ((line: string) => console.error(line));
  const model = await loadModel(join(root, 'openfga/model/model.fga'));
  const relevantCases = await loadRelevantCasesPolicy(join(root, 'policies/relevant-cases.yaml'));
  const permissions = await checkedPermissions();
  const sizes: SizeResult[] = [];
  let unknown: string[] = [];
  for (const size of options.sizes) {
    const org = await benchOrganisation(size, relevantCases);
    const built = await permissionChecks(permissions, org.people, relevantCases, VARIANTS, model);
    unknown = built.unknown;
    log(
      `bench:authz: ${org.size.municipalities} municipalities × ${org.size.unitsPerMunicipality} units: ${org.tuples.length} stored tuples`,
    );
    let t = performance.now();
    const embedded = createEmbeddedAuthorizer({ model, tuples: org.tuples });
    const embeddedLoadMs = performance.now() - t;
    const eb = options.embeddedBounds ?? EMBEDDED_BOUNDS;
    const run = async (checks: readonly PermissionCheck[], target: Target, bounds: Bounds) => {
      const rows: CheckRun[] = [];
      for (const check of checks) {
        rows.push(await measureChecks(check.requests, () => check.expected, bounds, target));
      }
      return rows;
    };
    // The embedded side has no cache to avoid: it keeps the first EMBEDDED_VARIANTS children, so
    // the working set it cycles through stays what it was when the server needed fewer.
    const embeddedChecks = built.checks.map((c) => ({
      ...c,
      requests: c.requests.slice(0, EMBEDDED_VARIANTS),
    }));
    const embeddedRuns = await run(embeddedChecks, (r) => embedded.check(r), eb);
    const embeddedMixed = mix(embeddedChecks);
    const rounds: CheckRun[] = [];
    for (let i = 0; i < MIX_ROUNDS; i++)
      rounds.push(await measureChecksMixed(embeddedMixed, eb, (r) => embedded.check(r)));
    const embeddedMix = medianRun(rounds);
    // The parts table's requests, at the first size on a server: children no row asks about.
    const partsOf =
      options.server && sizes.length === 0
        ? await partRequests(model, built.checks.length * VARIANTS, (variants, firstRow) =>
            permissionChecks(permissions, org.people, relevantCases, variants, model, firstRow),
          )
        : undefined;

    let server:
      | { runs: CheckRun[]; mix: CheckRun; loadMs: number; parts: readonly PartRow[] | undefined }
      | undefined;
    if (options.server) {
      const ids = await createStoreWithModel(options.server, `bench-authz-${Date.now()}`, model);
      try {
        const config = {
          mode: 'openfga' as const,
          ...options.server,
          ...ids,
          timeoutMs: 30_000,
          maxRetries: 0,
        };
        t = performance.now();
        await writeTuples(config, org.tuples);
        const loadMs = performance.now() - t;
        log(`bench:authz: ${org.tuples.length} tuples written to the server in ${Math.round(loadMs)} ms`);
        const client = createOpenFgaAuthorizer(config);
        const sb = options.serverBounds ?? SERVER_BOUNDS;
        const target: Target = (r) => client.check(r);
        // A round's own slice of the requests; a list too short to give each round a slice of its
        // bounds (a caller's smaller variant count) is asked whole in every round.
        const roundsOf = <T>(items: readonly T[], half: 0 | 1, round: number, bounds: Bounds) => {
          const per = Math.floor(items.length / 2 / SERVER_ROUNDS);
          if (per < bounds.warmUp + bounds.maxChecks) return items;
          const from = half * Math.floor(items.length / 2);
          return items.slice(from + round * per, from + (round + 1) * per);
        };
        const byRow: CheckRun[][] = built.checks.map(() => []);
        for (let round = 0; round < SERVER_ROUNDS; round++) {
          for (const [i, check] of built.checks.entries()) {
            byRow[i]!.push(
              await measureChecks(roundsOf(check.requests, 0, round, sb), () => check.expected, sb, target),
            );
          }
        }
        const mixRounds: CheckRun[] = [];
        const serverMixed = mix(built.checks);
        const mixBounds = { ...sb, maxChecks: 3 * sb.maxChecks, maxMs: 3 * sb.maxMs };
        for (let round = 0; round < SERVER_ROUNDS; round++) {
          const requests = roundsOf(serverMixed, 1, round, mixBounds);
          mixRounds.push(await measureChecksMixed(requests, mixBounds, target));
        }
        const parts = partsOf
          ? await measureServerParts({
              model,
              subjects: partsOf,
              reference: embedded,
              server: target,
              bounds: sb,
              ...(options.server.pid ? { openFgaPid: options.server.pid } : {}),
            })
          : undefined;
        server = { runs: byRow.map(medianRun), mix: medianRun(mixRounds), loadMs, parts };
        await client.close();
      } finally {
        await deleteStore(options.server, ids.storeId);
      }
    }
    await embedded.close();
    sizes.push({
      size: org.size,
      storedTuples: org.tuples.length,
      units: org.units,
      employees: org.employees,
      rows: built.checks.map((check, i) => ({
        permission: check.permission,
        persona: check.persona,
        expected: check.expected,
        ...askedAs(check),
        contextualTuples: check.requests[0]!.contextualTuples?.length ?? 0,
        embedded: embeddedRuns[i]!,
        ...(server ? { server: server.runs[i]! } : {}),
      })),
      mix: { embedded: embeddedMix, ...(server ? { server: server.mix } : {}) },
      loadMs: { embedded: embeddedLoadMs, ...(server ? { server: server.loadMs } : {}) },
      ...(server?.parts ? { parts: server.parts } : {}),
    });
  }
  return { permissions, unknown, sizes };
}

type Target = (request: CheckRequest) => Promise<CheckResult>;

/**
 * The subjects of the parts table with requests enough for each part
 * (server-parts.ts), on children after the `used` ones the rows ask about.
 */
async function partRequests(
  model: AuthorizationModel,
  used: number,
  build: (variants: number, firstRow: number) => Promise<{ checks: PermissionCheck[] }>,
): Promise<PermissionCheck[]> {
  const needed = requestsNeeded(model, partSubjects((await build(1, used)).checks));
  return partSubjects((await build(needed, Math.ceil(used / needed))).checks);
}

interface Mixed {
  readonly request: CheckRequest;
  readonly expected: boolean;
}

/** Each permission row's requests, round-robin (the floor left out): what the functions ask, in one stream. */
function mix(checks: readonly PermissionCheck[]): Mixed[] {
  const rows = checks.filter((c) => !c.permission.startsWith('floor'));
  const longest = Math.max(...rows.map((r) => r.requests.length));
  const out: Mixed[] = [];
  for (let i = 0; i < longest; i++) {
    for (const row of rows) {
      const request = row.requests[i];
      if (request) out.push({ request, expected: row.expected });
    }
  }
  return out;
}

function measureChecksMixed(mixed: readonly Mixed[], bounds: Bounds, target: Target): Promise<CheckRun> {
  const expected = new Map(mixed.map((m) => [m.request, m.expected]));
  return measureChecks(
    mixed.map((m) => m.request),
    (request) => expected.get(request)!,
    bounds,
    target,
  );
}

function askedAs(check: PermissionCheck): { askedAs?: string } {
  const sent = check.requests[0]!.relation;
  return check.permission.endsWith(`#${sent}`) || check.permission.startsWith('floor')
    ? {}
    : { askedAs: sent };
}
