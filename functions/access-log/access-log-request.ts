import * as z from 'zod/mini';
import type { AuditFilter } from '../runtime/audit/audit-log.ts';
import { badRequest } from '../runtime/http/app-error.ts';

/** Why a citizen looks: a custody holder at their child's log, a child from 15 at its own (MinLog). */
export const CITIZEN_PURPOSES = ['guardian_insight', 'own_insight'] as const;
/** Why the municipality's auditor looks (POL-007.2). */
export const AUDITOR_PURPOSES = ['routine_inspection', 'complaint', 'citizen_request'] as const;
export const PURPOSES = [...CITIZEN_PURPOSES, ...AUDITOR_PURPOSES] as const;

/** @default 20 */
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

const instant = z.iso.datetime({ offset: true });

/** `POST /v1/access-log/search`: the child's CPR number travels in the body, never in the URL. */
export const accessLogRequest = z.strictObject({
  /** `DDMMYY-SSSS` or `DDMMYYSSSS`: the child whose log is asked for. */
  cpr: z.string().check(z.minLength(10), z.maxLength(11)),
  /** A custody holder's is `guardian_insight`, the child's own `own_insight`; an auditor's one of the others. */
  purpose: z.enum(PURPOSES),
  /** Every field narrows; none given shows every record. */
  filter: z.optional(
    z.strictObject({
      /** Records at or after this instant (RFC 3339). */
      from: z.optional(instant),
      /** Records before this instant (RFC 3339). */
      to: z.optional(instant),
      /** Only this platform function's records, e.g. `case-lookup`. */
      function: z.optional(z.string().check(z.regex(/^[a-z][a-z0-9-]{0,62}$/))),
      /** Only records of this organisation (a unit id or a SOR code, as the auditor's view shows it). */
      organisationId: z.optional(z.string().check(z.regex(/^[A-Za-z0-9._:-]{1,128}$/))),
      /** Only the accesses that overrode a citizen's block (værdispring). */
      overridesOnly: z.optional(z.boolean()),
    }),
  ),
  /** @default 20 */
  limit: z.optional(z.int().check(z.gte(1), z.lte(MAX_LIMIT))),
  /** The previous page's `nextCursor`, as it was. */
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
});
export type AccessLogRequest = z.infer<typeof accessLogRequest>;

const label = z.object({ code: z.string(), text: z.string() });

/** One access as the guardian and the auditor see it, in a citizen's terms. */
export const accessEntry = z.object({
  time: z.string(),
  /** Who looked: the organisation (and the municipality it belongs to), never the employee's name (POL-007.6). */
  organisation: z.object({ name: z.string(), municipality: z.nullable(z.string()) }),
  role: label,
  /** Which kind of the child's data was asked for. */
  data: label,
  /** Why, as the employee declared it. */
  purpose: label,
  /** `allowed`: data was answered; `refused`: nothing was shown. */
  decision: z.object({ code: z.enum(['allowed', 'refused']), text: z.string() }),
  /** A værdispring: the employee overrode the citizen's block (Min Spærring). */
  override: z.boolean(),
  /** Only in the auditor's view: what an inspection needs to trace the access. */
  audit: z.optional(
    z.object({
      seq: z.number(),
      requestId: z.string(),
      traceId: z.string(),
      function: z.string(),
      action: z.string(),
      reasonCode: z.string(),
      callingSystem: z.string(),
      organisationId: z.string(),
      /** The employee; `id` is null for a citizen, who is never named. */
      actor: z.object({ id: z.nullable(z.string()), name: z.string(), role: z.string() }),
    }),
  ),
});
export type AccessEntry = z.infer<typeof accessEntry>;

export const accessLogResponse = z.object({
  /**
   * `guardian`: a custody holder's view; `child`: the child's own, from 15;
   * `auditor`: the residence municipality's auditor's.
   */
  view: z.enum(['guardian', 'child', 'auditor']),
  /** Newest first. */
  entries: z.array(accessEntry),
  /** Pass it as `cursor` for the next (older) page; null on the last page. */
  nextCursor: z.nullable(z.string()),
  /**
   * How far back the log reaches: it holds every access from this instant on, older records
   * having been deleted after the retention period (POL-009.5); null while none has been.
   */
  coversFrom: z.nullable(z.string()),
});
export type AccessLogResponse = z.infer<typeof accessLogResponse>;

/** The page asked for, as the audit log takes it: what the schema cannot check is checked here. */
export interface PageQuery {
  readonly limit: number;
  readonly beforeSeq?: number;
  readonly filter: AuditFilter;
}

/**
 * The filter and cursor of a body the schema accepted, or a 400 with a stable
 * code: `invalid_filter` (a period that ends before it starts), `invalid_cursor`
 * (not one this function gave out). Neither message repeats the input.
 */
export function pageQuery(body: AccessLogRequest): PageQuery {
  const f = body.filter ?? {};
  const from = f.from === undefined ? undefined : new Date(f.from);
  const to = f.to === undefined ? undefined : new Date(f.to);
  if (from && to && from.getTime() >= to.getTime())
    throw badRequest('invalid_filter', 'filter.from must be before filter.to');
  const filter: AuditFilter = {
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(f.function ? { functionName: f.function } : {}),
    ...(f.organisationId ? { organisationId: f.organisationId } : {}),
    ...(f.overridesOnly ? { overrideOnly: true } : {}),
  };
  const limit = body.limit ?? DEFAULT_LIMIT;
  return body.cursor === undefined ? { limit, filter } : { limit, filter, beforeSeq: seqOf(body.cursor) };
}

/** A cursor is opaque to the caller: the position of the last record shown. */
export function cursorOf(seq: number): string {
  return Buffer.from(`seq:${seq}`).toString('base64url');
}

function seqOf(cursor: string): number {
  const decoded = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString() : '';
  const match = /^seq:([1-9]\d{0,15})$/.exec(decoded);
  const seq = match ? Number(match[1]) : Number.NaN;
  if (!Number.isSafeInteger(seq))
    throw badRequest('invalid_cursor', 'The cursor is not one this log gave out');
  return seq;
}

/** The organisation whose staff's accesses an auditor inspects (POL-007.13). */
export const inspectedOrganisation = z.union([
  z.strictObject({ type: z.literal('municipality'), code: z.string().check(z.regex(/^\d{3}$/)) }),
  z.strictObject({
    type: z.enum(['gp_clinic', 'psychiatry_unit']),
    sor: z.string().check(z.regex(/^\d{6,18}$/)),
  }),
]);
export type InspectedOrganisation = z.infer<typeof inspectedOrganisation>;

/** `POST /v1/access-log/inspection/search`: a child, if any, by CPR number in the body, never in the URL. */
export const inspectionRequest = z.strictObject({
  organisation: inspectedOrganisation,
  purpose: z.enum(AUDITOR_PURPOSES),
  /** Every field narrows; none given shows every access of the organisation's staff. */
  filter: z.optional(
    z.strictObject({
      from: z.optional(instant),
      to: z.optional(instant),
      /** One employee, by the identity provider's subject id (as `audit.actor.id` shows it). */
      employee: z.optional(z.string().check(z.regex(/^[A-Za-z0-9._@-]{1,128}$/))),
      /** One unit of the organisation (an FK Organisation unit id or a SOR code). */
      unit: z.optional(z.string().check(z.regex(/^[A-Za-z0-9._:-]{1,128}$/))),
      /** One child, `DDMMYY-SSSS` or `DDMMYYSSSS`. */
      cpr: z.optional(z.string().check(z.minLength(10), z.maxLength(11))),
    }),
  ),
  /** `csv` or `json`; without it the `Accept` header decides (`text/csv`), else JSON. */
  format: z.optional(z.enum(['json', 'csv'])),
  /** @default 20 */
  limit: z.optional(z.int().check(z.gte(1), z.lte(MAX_LIMIT))),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
});
export type InspectionRequest = z.infer<typeof inspectionRequest>;

/** One access by the organisation's staff, as its auditor sees it. */
export const inspectionEntry = z.object({
  ...accessEntry.shape,
  /** The child, by its keyed pseudonym: the log holds no CPR number; filter by `filter.cpr` to follow one. */
  child: z.string(),
});

export const inspectionResponse = z.object({
  /** The organisation inspected, as `type:id` in the model (`gp_clinic:<SOR>`). */
  organisation: z.string(),
  /** Newest first. */
  entries: z.array(inspectionEntry),
  /** Pass it as `cursor` for the next (older) page; null on the last page. In CSV: the `x-next-cursor` header. */
  nextCursor: z.nullable(z.string()),
});
export type InspectionResponse = z.infer<typeof inspectionResponse>;

/** The page asked for, its period checked and its cursor read, as `pageQuery` does for a child's log. */
export function inspectionPage(body: InspectionRequest): {
  readonly limit: number;
  readonly beforeSeq?: number;
  readonly from?: Date;
  readonly to?: Date;
} {
  const { filter } = pageQuery({
    cpr: 'x',
    purpose: body.purpose,
    ...(body.filter?.from || body.filter?.to
      ? {
          filter: {
            ...(body.filter.from ? { from: body.filter.from } : {}),
            ...(body.filter.to ? { to: body.filter.to } : {}),
          },
        }
      : {}),
  });
  const limit = body.limit ?? DEFAULT_LIMIT;
  return {
    limit,
    ...(body.cursor === undefined ? {} : { beforeSeq: seqOf(body.cursor) }),
    ...(filter.from ? { from: filter.from } : {}),
    ...(filter.to ? { to: filter.to } : {}),
  };
}
