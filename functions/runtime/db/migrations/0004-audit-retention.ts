import { AUDIT_APPEND_ONLY_SQLSTATE } from './0001-audit-log.ts';
import type { Migration } from './migration.ts';

/**
 * Retention of the audit log (POL-009.2, POL-009.3). `audit_chain_base` is one
 * row with the purge point: the seq and hash of the last record removed by
 * retention and the instant before which records were purged. The chain is
 * verified from it on, and a record may be deleted only at or below it: the
 * DELETE trigger of the first migration is replaced by one that refuses any
 * record above the base. The base only moves forward. Moving it is what the
 * purge does after signing the cut into the checkpoint store, so a base that no
 * signed cut names is tampering `npm run audit:verify` reports.
 */
export const auditRetention: Migration = {
  version: 4,
  name: 'audit-retention',
  sql: `
CREATE TABLE audit_chain_base (
  singleton     boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
  seq           bigint      NOT NULL CHECK (seq >= 0),
  hash          text        NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  purged_before timestamptz
);
INSERT INTO audit_chain_base (seq, hash, purged_before) VALUES (0, repeat('0', 64), NULL);

CREATE FUNCTION audit_record_delete_below_base() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.seq > (SELECT seq FROM audit_chain_base WHERE singleton) THEN
    RAISE EXCEPTION 'audit log is append-only: record % is above the purge point', OLD.seq
      USING ERRCODE = '${AUDIT_APPEND_ONLY_SQLSTATE}';
  END IF;
  RETURN OLD;
END
$$;

CREATE FUNCTION audit_chain_base_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.seq <= OLD.seq OR NEW.purged_before IS NULL
     OR (OLD.purged_before IS NOT NULL AND NEW.purged_before < OLD.purged_before)
     OR NEW.seq > (SELECT seq FROM audit_chain_head WHERE singleton) THEN
    RAISE EXCEPTION 'audit purge point only moves forward, within the chain'
      USING ERRCODE = '${AUDIT_APPEND_ONLY_SQLSTATE}';
  END IF;
  RETURN NEW;
END
$$;

DROP TRIGGER audit_record_append_only ON audit_record;
CREATE TRIGGER audit_record_no_update BEFORE UPDATE ON audit_record
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_record_delete_purged_only BEFORE DELETE ON audit_record
  FOR EACH ROW EXECUTE FUNCTION audit_record_delete_below_base();
CREATE TRIGGER audit_chain_base_no_delete BEFORE DELETE ON audit_chain_base
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_chain_base_no_truncate BEFORE TRUNCATE ON audit_chain_base
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_chain_base_advance BEFORE UPDATE ON audit_chain_base
  FOR EACH ROW EXECUTE FUNCTION audit_chain_base_forward_only();
`,
};
