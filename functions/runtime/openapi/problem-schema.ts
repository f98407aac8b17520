import * as z from 'zod/mini';
import { AppError } from '../http/app-error.ts';
import { PROBLEM_CONTENT_TYPE, toProblem } from '../http/problem.ts';
import type { NamedSchema, ProblemCodes } from './operation.ts';
import type { JsonSchema } from './schema-components.ts';

/** The problem document `toProblem` renders (RFC 9457 plus the platform's stable `code`). */
export const problemDocument = z.looseObject({
  type: z.string().check(z.describe('`urn:hoi:problem:<code>`')),
  title: z.string().check(z.describe('The HTTP status phrase')),
  status: z.int().check(z.gte(400), z.lte(599)),
  code: z.string().check(z.describe('Stable and machine-readable: branch on this, never on `detail`')),
  detail: z.string().check(z.describe('Safe to show; never holds a submitted value, CPR number or token')),
  instance: z.optional(z.string().check(z.describe('`urn:hoi:request:<requestId>`'))),
  requestId: z.optional(z.string().check(z.describe('Quote it when reporting a problem'))),
  errors: z.optional(
    z
      .array(z.object({ path: z.string(), code: z.string() }))
      .check(
        z.describe('With `invalid_request`: the field paths and rule codes that failed, never the values'),
      ),
  ),
});

export const PROBLEM: NamedSchema = { name: 'Problem', schema: problemDocument };

/** What the kit answers on any route: an unknown error, and the per-request deadline. */
export const KIT_PROBLEMS: ProblemCodes = { 500: ['internal_error'], 504: ['request_timeout'] };

/** Merges problem codes by status, keeping each code once. */
export function mergeProblems(...sets: readonly ProblemCodes[]): Map<number, string[]> {
  const merged = new Map<number, string[]>();
  for (const set of sets)
    for (const [status, codes] of Object.entries(set)) {
      const n = Number(status);
      if (!Number.isInteger(n) || n < 400 || n > 599)
        throw new RangeError(`Problem status ${status} is not an HTTP error status`);
      const known = merged.get(n) ?? [];
      merged.set(n, [...known, ...codes.filter((code) => !known.includes(code))]);
    }
  return new Map([...merged].sort(([a], [b]) => a - b));
}

/** An `application/problem+json` response whose `status` and `code` (enum) are pinned to what can happen. */
export function problemResponse(
  status: number,
  codes: readonly string[],
  problemRef: { $ref: string },
): JsonSchema {
  return {
    description: statusTitle(status),
    content: {
      [PROBLEM_CONTENT_TYPE]: {
        schema: {
          allOf: [problemRef, { properties: { status: { const: status }, code: { enum: [...codes] } } }],
        },
      },
    },
  };
}

/** The title the problem document itself carries for this status. */
function statusTitle(status: number): string {
  return toProblem(new AppError(status as 400, 'documented', 'documented'), undefined).title;
}
