/**
 * Where a server's time for a permission goes: for one allowed persona of
 * each `can_*`, the permission and each of its parts (check-parts.ts) asked on
 * their own, each on children of its own (so no part is answered from the
 * caches another warmed), with OpenFGA's CPU per check when its process is
 * known (`HOI_OPENFGA_PID`, set by `.ci/with-services`). The answer each
 * request should get is the embedded evaluator's, so a part the two answer
 * differently shows as WRONG answers.
 */
import type {
  AuthorizationModel,
  CheckRequest,
  CheckResult,
} from '../../../functions/openfga-embedded/vocabulary/types.ts';
import type { Authorizer } from '../../../functions/runtime/authz/port.ts';
import { cpuSeconds } from '../http-load.ts';
import { checkParts } from './check-parts.ts';
import { type Bounds, type CheckRun, measureChecks } from './measure.ts';
import type { PermissionCheck } from './permission-checks.ts';

export interface PartRow {
  readonly permission: string;
  readonly persona: string;
  /** `(the permission)` for the whole check, else the part's label. */
  readonly part: string;
  /** The relation the whole check asks (a `can_*` is sent as its twin without an override). */
  readonly asked: string;
  /** Share of the part's requests the embedded evaluator allows. */
  readonly allowedShare: number;
  readonly run: CheckRun;
  /** OpenFGA's CPU per check asked (the warm-up's included), when its process is known. */
  readonly cpuMsPerCheck?: number;
}

export const WHOLE = '(the permission)';
/** Requests per part: the bounds' warm-up and measured checks, none asked twice. */
export const PART_REQUESTS = 200;

/** The permissions whose parts are measured: the first allowed persona of each `can_*`, twins left out. */
export function partSubjects(checks: readonly PermissionCheck[]): PermissionCheck[] {
  const seen = new Set<string>();
  return checks.filter((c) => {
    if (!c.expected || c.permission.startsWith('floor') || c.permission.endsWith('_without_override'))
      return false;
    if (seen.has(c.permission)) return false;
    seen.add(c.permission);
    return true;
  });
}

/** How many requests each subject needs: PART_REQUESTS for the whole and for each part. */
export function requestsNeeded(model: AuthorizationModel, subjects: readonly PermissionCheck[]): number {
  const most = Math.max(0, ...subjects.map((c) => checkParts(model, c.requests[0]!).length));
  return PART_REQUESTS * (1 + most);
}

export async function measureServerParts(options: {
  readonly model: AuthorizationModel;
  /** Each with at least `requestsNeeded` requests, on children of their own. */
  readonly subjects: readonly PermissionCheck[];
  /** What decides the expected answers. */
  readonly reference: Authorizer;
  readonly server: (request: CheckRequest) => Promise<CheckResult>;
  readonly bounds: Bounds;
  readonly openFgaPid?: number;
}): Promise<PartRow[]> {
  const rows: PartRow[] = [];
  for (const subject of options.subjects) {
    const labels = [WHOLE, ...checkParts(options.model, subject.requests[0]!).map((p) => p.label)];
    for (const [k, label] of labels.entries()) {
      // Chunk k of the subject's children is this part's alone.
      const own = subject.requests.slice(k * PART_REQUESTS, (k + 1) * PART_REQUESTS);
      const requests =
        label === WHOLE
          ? own
          : own.flatMap((r) =>
              checkParts(options.model, r)
                .filter((p) => p.label === label)
                .map((p) => p.request),
            );
      if (requests.length === 0) continue;
      const expected = new Map<CheckRequest, boolean>();
      for (const request of requests) expected.set(request, (await options.reference.check(request)).allowed);
      const before = cpuMs(options.openFgaPid);
      let measured = 0;
      const run = await measureChecks(
        requests,
        (r) => expected.get(r) === true,
        options.bounds,
        (r) => {
          measured++;
          return options.server(r);
        },
      );
      const after = cpuMs(options.openFgaPid);
      rows.push({
        permission: subject.permission,
        persona: subject.persona,
        part: label,
        asked: subject.requests[0]!.relation,
        allowedShare: [...expected.values()].filter(Boolean).length / expected.size,
        run,
        ...(before !== undefined && after !== undefined
          ? { cpuMsPerCheck: (after - before) / measured }
          : {}),
      });
    }
  }
  return rows;
}

/** User plus system CPU of a process so far, in ms, or undefined without one (or without /proc). */
function cpuMs(pid: number | undefined): number | undefined {
  const seconds = pid === undefined ? Number.NaN : cpuSeconds(pid);
  return Number.isNaN(seconds) ? undefined : seconds * 1000;
}
