import type { Migration } from './migration.ts';

/**
 * Which of the child's cases an access concerned (FK Sags- og Dokumentindeks
 * ids, never a case number or title): what lets the guardian's view withhold
 * an access to a case the guardian is a party to (POL-007.14). Nullable:
 * records written before it keep their hashes, and the guardian's view treats
 * them as concerning unknown cases.
 */
export const auditCaseIds: Migration = {
  version: 5,
  name: 'audit-case-ids',
  sql: `
ALTER TABLE audit_record ADD COLUMN case_ids text[];
`,
};
