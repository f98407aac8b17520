import type { Migration } from './migration.ts';

/**
 * What a record rests on, beyond what the first version stored: the trust
 * domain (`health`, or `municipal/<code>`) and issuer that vouched for the
 * actor, and whether data was answered after the decision (an allow whose
 * answer then failed is not a look at the child's data). Nullable: records
 * written before this migration keep their hashes, which never covered them.
 */
export const auditActorTrust: Migration = {
  version: 2,
  name: 'audit-actor-trust',
  sql: `
ALTER TABLE audit_record ADD COLUMN trust_domain text;
ALTER TABLE audit_record ADD COLUMN issuer text;
ALTER TABLE audit_record ADD COLUMN answered boolean;
`,
};
