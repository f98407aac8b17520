import * as z from 'zod/mini';
import { parseCpr } from '../runtime/cpr/cpr.ts';

/**
 * Building blocks shared by the upstream contracts (CONTRACTS.md). The sandbox
 * builds its answers from the same schemas, so a contract change breaks both sides
 * at compile time.
 */

/** Kommunekode, e.g. `851` (Aalborg). */
export const municipalityCode = z
  .string()
  .check(z.regex(/^\d{3}$/, 'must be a three-digit municipality code'));

/** A SOR code: digits only (SNOMED CT extension identifier). */
export const sorCode = z.string().check(z.regex(/^\d{6,18}$/, 'must be a SOR code'));

/**
 * An FK Organisation unit id, scoped by its municipality: `851-myndighed-oest`.
 * The same string follows `org_unit:` in OpenFGA.
 */
export const unitId = z.string().check(z.regex(/^\d{3}-[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a scoped unit id'));

/** The identity provider's opaque subject id of an employee; it follows `user:` in OpenFGA. */
export const subjectId = z
  .string()
  .check(z.regex(/^[A-Za-z0-9._@-]{1,128}$/, 'must be an opaque subject id without spaces or colons'));

/** A KLE number at any of the three levels: `34`, `34.10`, `34.10.10`. */
export const kleNumber = z.string().check(z.regex(/^\d{2}(\.\d{2}){0,2}$/, 'must be a KLE number'));

/** A KLE subject (the third level), the primary class of a case. */
export const kleSubject = z.string().check(z.regex(/^\d{2}\.\d{2}\.\d{2}$/, 'must be a KLE subject'));

/** `34.10.10` → [`34`, `34.10`, `34.10.10`]: main group, group, subject (the KLE plan's levels). */
export function kleChain(number: string): string[] {
  const parts = number.split('.');
  return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
}

/** FK Sags- og Dokumentindeks sensitivity (følsomhed), lowest first; cumulative. */
export const SENSITIVITY_LEVELS = [
  'IKKE_FORTROLIGE_DATA',
  'FORTROLIGE_PERSONOPLYSNINGER',
  'FOELSOMME_PERSONOPLYSNINGER',
  'VIP_SAGER',
] as const;
export type SensitivityLevel = (typeof SENSITIVITY_LEVELS)[number];
export const sensitivityLevel = z.enum(SENSITIVITY_LEVELS);

/** A CPR number on the wire: ten digits, no dash, a valid date. Only ever in a request or answer body. */
export const cprNumber = z
  .string()
  .check(z.refine((value) => /^\d{10}$/.test(value) && parseCpr(value).ok, 'must be a CPR number'));

/** The body of every lookup by person: the number travels here, never in a URL. */
export const cprLookupBody = z.object({ cpr: cprNumber });

/** RFC 3339 instant in UTC, e.g. `2026-03-01T08:00:00Z`. */
export const instant = z.iso.datetime();

export const contactPoint = z.object({
  phone: z.string().check(z.minLength(1)),
  secureEmail: z.nullable(z.email()),
});
export type ContactPoint = z.infer<typeof contactPoint>;
