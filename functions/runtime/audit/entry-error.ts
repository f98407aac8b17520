/**
 * An audit entry the log refuses before it reaches the database: a programming
 * error of the caller (answer 500), or a CPR-shaped number where only a
 * pseudonym or free text may be. Names the field, never its value.
 */
export class AuditEntryError extends Error {
  readonly code: 'cpr_number' | 'invalid_field';
  readonly field: string;

  constructor(code: AuditEntryError['code'], field: string, problem: string) {
    super(`audit entry ${field} ${problem}`);
    this.name = 'AuditEntryError';
    this.code = code;
    this.field = field;
  }
}
