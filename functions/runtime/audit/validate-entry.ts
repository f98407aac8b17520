import { AuditEntryError } from './entry-error.ts';
import type { AuditEntry } from './record.ts';

/**
 * The child's keyed pseudonym (POL-001.4: HMAC-SHA-256 of the CPR number under
 * a secret key, as OpenFGA names the child). Nothing else is accepted as the
 * child, so a CPR number can never be logged there.
 */
export const CHILD_PSEUDONYM = /^p-[0-9a-f]{32}$/;
/**
 * Ten digits, with or without the dash. Tested only where a value is not a
 * pseudonym: about 8 % of random 32-hex pseudonyms hold such a run and must not
 * be refused for it.
 */
const CPR_SHAPED = /\d{6}-?\d{4}/;
/** PostgreSQL text cannot hold NUL; other control characters would let one field forge lines in exports. */
const CONTROL = /\p{Cc}/u;
const MAX_LENGTH = 256;
const MAX_PURPOSE_LENGTH = 1000;

/** Checks an entry before it joins a batch, so one bad entry never fails the others' commit. */
export function validateEntry(entry: AuditEntry): void {
  text('actor.id', entry.actor?.id);
  text('actor.name', entry.actor?.name);
  text('actor.role', entry.actor?.role);
  text('actor.organisationId', entry.actor?.organisationId);
  text('actor.organisationName', entry.actor?.organisationName);
  validateChildPseudonym(entry.childPseudonym);
  text('functionName', entry.functionName);
  text('action', entry.action);
  text('purpose', entry.purpose, MAX_PURPOSE_LENGTH);
  noCprNumber('purpose', entry.purpose);
  if (entry.decision?.outcome !== 'allow' && entry.decision?.outcome !== 'deny')
    throw new AuditEntryError('invalid_field', 'decision.outcome', 'must be allow or deny');
  text('decision.reasonCode', entry.decision.reasonCode);
  if (typeof entry.override !== 'boolean')
    throw new AuditEntryError('invalid_field', 'override', 'must be a boolean');
  text('requestId', entry.requestId);
  text('traceId', entry.traceId);
  text('callingSystem', entry.callingSystem);
  if (entry.actor.trustDomain !== undefined) text('actor.trustDomain', entry.actor.trustDomain);
  if (entry.actor.issuer !== undefined) text('actor.issuer', entry.actor.issuer);
  if (entry.answered !== undefined && typeof entry.answered !== 'boolean')
    throw new AuditEntryError('invalid_field', 'answered', 'must be a boolean');
  if (entry.overrideReason !== undefined) text('overrideReason', entry.overrideReason);
  if (entry.overrideJustification !== undefined) {
    text('overrideJustification', entry.overrideJustification, MAX_PURPOSE_LENGTH);
    noCprNumber('overrideJustification', entry.overrideJustification);
  }
  if (entry.caseIds !== undefined) caseIds(entry.caseIds);
}

export function validateChildPseudonym(value: unknown): asserts value is string {
  if (typeof value === 'string' && CHILD_PSEUDONYM.test(value)) return;
  if (typeof value === 'string') noCprNumber('childPseudonym', value);
  throw new AuditEntryError(
    'invalid_field',
    'childPseudonym',
    'must be a keyed pseudonym p-<32 hex> (POL-001.4)',
  );
}

/** FK Sags- og Dokumentindeks ids are UUIDs: nothing else (a case number, a title) is kept. */
const CASE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_CASES = 200;

function caseIds(value: unknown): void {
  if (
    !Array.isArray(value) ||
    value.length > MAX_CASES ||
    !value.every((id) => typeof id === 'string' && CASE_ID.test(id))
  )
    throw new AuditEntryError('invalid_field', 'caseIds', `must be at most ${MAX_CASES} case UUIDs`);
}

function text(field: string, value: unknown, maxLength = MAX_LENGTH): asserts value is string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new AuditEntryError('invalid_field', field, 'must be a non-empty string');
  if (value.length > maxLength)
    throw new AuditEntryError('invalid_field', field, `must be at most ${maxLength} characters`);
  // Lone surrogates would be stored as U+FFFD and no longer match the record's hash.
  if (CONTROL.test(value) || !value.isWellFormed())
    throw new AuditEntryError('invalid_field', field, 'must be well-formed text without control characters');
}

function noCprNumber(field: string, value: string): void {
  if (CPR_SHAPED.test(value)) throw new AuditEntryError('cpr_number', field, 'must not contain a CPR number');
}
