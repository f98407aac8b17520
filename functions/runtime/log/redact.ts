import { CPR_SHAPED, PSEUDONYM_SHAPED } from '../cpr/cpr.ts';

export const REDACTED = '[redacted]';

const CPR_ANYWHERE = new RegExp(CPR_SHAPED.source, 'g');
const PSEUDONYM_ANYWHERE = new RegExp(PSEUDONYM_SHAPED.source, 'g');
/** A JWT (three base64url parts, the first an encoded `{"`): a bearer token must never reach a log. */
const JWT_ANYWHERE = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;

/**
 * The last guard before a line is written: replaces every CPR-shaped number,
 * keyed pseudonym and bearer token, wherever it hides (a message, a request id, a route).
 */
export function redact(value: string): string {
  return value
    .replace(CPR_ANYWHERE, REDACTED)
    .replace(PSEUDONYM_ANYWHERE, REDACTED)
    .replace(JWT_ANYWHERE, REDACTED);
}

/** Numbers too: ten digits in a row are a CPR number whatever their type. */
export function redactValue(value: string | number): string | number {
  if (typeof value === 'string') return redact(value);
  return CPR_SHAPED.test(String(value)) ? REDACTED : value;
}
