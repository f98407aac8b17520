import type { InspectionResponse } from './access-log-request.ts';

/** The columns of the CSV export, in order, with how each is read from an entry. */
const COLUMNS: readonly (readonly [string, (e: InspectionResponse['entries'][number]) => string])[] = [
  ['time', (e) => e.time],
  ['child', (e) => e.child],
  ['organisation_id', (e) => e.audit?.organisationId ?? ''],
  ['organisation', (e) => e.organisation.name],
  ['employee_id', (e) => e.audit?.actor.id ?? ''],
  ['employee', (e) => e.audit?.actor.name ?? ''],
  ['role', (e) => e.role.code],
  ['function', (e) => e.data.code],
  ['action', (e) => e.audit?.action ?? ''],
  ['purpose', (e) => e.purpose.code],
  ['decision', (e) => e.decision.code],
  ['reason_code', (e) => e.audit?.reasonCode ?? ''],
  ['override', (e) => String(e.override)],
  ['request_id', (e) => e.audit?.requestId ?? ''],
  ['trace_id', (e) => e.audit?.traceId ?? ''],
  ['calling_system', (e) => e.audit?.callingSystem ?? ''],
];

/**
 * RFC 4180 CSV of an inspection page, safe to open in a spreadsheet: every
 * field quoted (quotes doubled), and a field a spreadsheet would read as a
 * formula (`=`, `+`, `-`, `@`, tab or carriage return first, OWASP's list)
 * prefixed with `'` so it stays text. The audit log refuses control
 * characters, so no field breaks a line.
 */
export function inspectionCsv(entries: InspectionResponse['entries']): string {
  const rows = [COLUMNS.map(([name]) => name), ...entries.map((e) => COLUMNS.map(([, read]) => read(e)))];
  return `${rows.map((row) => row.map(field).join(',')).join('\r\n')}\r\n`;
}

function field(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${text.replaceAll('"', '""')}"`;
}
