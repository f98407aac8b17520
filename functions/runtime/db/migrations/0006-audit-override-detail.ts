import type { Migration } from './migration.ts';

/**
 * An override's declaration (POL-008.6): the reason from the fixed list and the
 * employee's own words. Nullable: records without an override, and records
 * written before this migration, keep their hashes, which never covered them.
 */
export const auditOverrideDetail: Migration = {
  version: 6,
  name: 'audit-override-detail',
  sql: `
ALTER TABLE audit_record ADD COLUMN override_reason text;
ALTER TABLE audit_record ADD COLUMN override_justification text;
`,
};
