import type { Migration } from './migration.ts';

/**
 * SQLSTATE the audit tables raise when something tries to change history.
 * Class `HA` is not used by PostgreSQL, so the code names only this rule.
 */
export const AUDIT_APPEND_ONLY_SQLSTATE = 'HA001';

/**
 * The audit log of employee behaviour, source of the citizen's MinLog view.
 * `audit_record` is append-only and hash-chained (seq, prev_hash, hash);
 * `audit_chain_head` is one row with the last seq and hash: appenders lock it
 * to extend the chain one batch at a time across processes, and verification
 * compares the chain's end with it, so deleting the newest records shows too.
 */
export const auditLog: Migration = {
  version: 1,
  name: 'audit-log',
  sql: `
CREATE TABLE audit_record (
  seq               bigint      PRIMARY KEY CHECK (seq > 0),
  id                uuid        NOT NULL UNIQUE,
  -- Milliseconds, as the hash saw them: finer digits could change unseen.
  occurred_at       timestamptz NOT NULL CHECK (occurred_at = date_trunc('milliseconds', occurred_at)),
  actor_id          text        NOT NULL,
  actor_name        text        NOT NULL,
  actor_role        text        NOT NULL,
  organisation_id   text        NOT NULL,
  organisation_name text        NOT NULL,
  child_pseudonym   text        NOT NULL,
  function_name     text        NOT NULL,
  action            text        NOT NULL,
  purpose           text        NOT NULL,
  decision          text        NOT NULL CHECK (decision IN ('allow', 'deny')),
  reason_code       text        NOT NULL,
  override_used     boolean     NOT NULL,
  request_id        text        NOT NULL,
  trace_id          text        NOT NULL,
  calling_system    text        NOT NULL,
  prev_hash         text        NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash              text        NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$')
);

-- MinLog: a child's records, newest first, paged by seq.
CREATE INDEX audit_record_by_child ON audit_record (child_pseudonym, seq DESC);

CREATE TABLE audit_chain_head (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  seq       bigint  NOT NULL CHECK (seq >= 0),
  hash      text    NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$')
);
INSERT INTO audit_chain_head (seq, hash) VALUES (0, repeat('0', 64));

CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = '${AUDIT_APPEND_ONLY_SQLSTATE}';
END
$$;

CREATE FUNCTION audit_chain_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.seq <= OLD.seq THEN
    RAISE EXCEPTION 'audit chain head only moves forward' USING ERRCODE = '${AUDIT_APPEND_ONLY_SQLSTATE}';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER audit_record_append_only BEFORE UPDATE OR DELETE ON audit_record
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_record_no_truncate BEFORE TRUNCATE ON audit_record
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_chain_head_no_delete BEFORE DELETE ON audit_chain_head
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_chain_head_no_truncate BEFORE TRUNCATE ON audit_chain_head
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_chain_head_advance BEFORE UPDATE ON audit_chain_head
  FOR EACH ROW EXECUTE FUNCTION audit_chain_head_forward_only();
`,
};
