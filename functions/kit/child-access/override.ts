import * as z from 'zod/mini';
import { CPR_SHAPED, PSEUDONYM_SHAPED } from '../../runtime/cpr/cpr.ts';
import { AppError } from '../../runtime/http/app-error.ts';

/** How long the free text of an override may be (characters, after trimming). */
export const JUSTIFICATION_LENGTH = { min: 10, max: 500 } as const;

/**
 * A værdispring over the citizen's block (POL-008.6): a reason from the fixed
 * list the role may use, and the professional's own words on why it is
 * needed now. Both are kept in the audit record; the words are the auditor's
 * to read, not the guardian's.
 */
export const overrideDeclaration = <const R extends readonly [string, ...string[]]>(reasons: R) =>
  z.strictObject({
    reason: z.enum(reasons),
    justification: z
      .string()
      .check(z.minLength(JUSTIFICATION_LENGTH.min), z.maxLength(JUSTIFICATION_LENGTH.max)),
  });

/**
 * The free text, trimmed, or a 422 when it is too short once trimmed or holds
 * something shaped like a CPR number or a keyed pseudonym: the audit record
 * names the child only by its pseudonym column, never in words (POL-001.4).
 * The problem never repeats the text.
 */
export function acceptedJustification(text: string): string {
  const trimmed = text.replace(/\s+/g, ' ').trim();
  if (trimmed.length < JUSTIFICATION_LENGTH.min)
    throw new AppError(
      422,
      'override_justification_missing',
      `An override needs a justification of at least ${JUSTIFICATION_LENGTH.min} characters`,
    );
  if (CPR_SHAPED.test(trimmed) || PSEUDONYM_SHAPED.test(trimmed))
    throw new AppError(
      422,
      'override_justification_identifies',
      'The justification must not contain a CPR number or any other identifier of a person',
    );
  return trimmed;
}
