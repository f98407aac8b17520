import type { Migration } from './migration.ts';

/**
 * MedCom correspondence kept until it is delivered and filed (POL-006.11,
 * POL-006.12). `correspondence_message` holds each message once per direction:
 * the unique envelope (Bundle.id) and message (MessageHeader.id) ids are what
 * makes a duplicate a duplicate. `correspondence_task` is the outbox: a
 * message's delivery (outbound) or filing (inbound) task, committed in the
 * same transaction as the message; workers claim due tasks with a lease, so
 * two never work one task and a task whose worker died is taken up again.
 * `correspondence_attempt` records each attempt and its outcome.
 */
export const correspondence: Migration = {
  version: 3,
  name: 'correspondence',
  sql: `
CREATE TABLE correspondence_message (
  id              uuid        PRIMARY KEY,
  direction       text        NOT NULL CHECK (direction IN ('outbound', 'inbound')),
  envelope_id     text        NOT NULL,
  message_id      text        NOT NULL,
  thread_id       text        NOT NULL,
  activity        text        NOT NULL CHECK (activity IN ('new-message', 'reply-message', 'forward-message')),
  child_pseudonym text        NOT NULL,
  -- The platform's own unit on this message: the sending unit (outbound) or the receiving one (inbound).
  unit_id         text        NOT NULL,
  sender_sor      text        NOT NULL,
  sender_ean      text        NOT NULL,
  sender_name     text,
  receiver_sor    text        NOT NULL,
  receiver_ean    text        NOT NULL,
  receiver_name   text,
  -- Who sent it from here (outbound only): the verified principal's subject.
  author_subject  text,
  category        text        NOT NULL,
  topic           text,
  bundle          jsonb       NOT NULL,
  status          text        NOT NULL CHECK (status IN ('queued', 'sent', 'acknowledged', 'failed', 'dead-letter', 'received', 'filed')),
  -- A stable code telling why (MedCom error code, problem code); never message content.
  status_detail   text,
  case_id         text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (direction, message_id),
  UNIQUE (direction, envelope_id)
);
CREATE INDEX correspondence_message_by_child ON correspondence_message (child_pseudonym, created_at DESC, id);
CREATE INDEX correspondence_message_by_unit ON correspondence_message (unit_id, created_at DESC, id);
CREATE INDEX correspondence_message_by_thread ON correspondence_message (thread_id, created_at);

CREATE TABLE correspondence_task (
  message_id      uuid        PRIMARY KEY REFERENCES correspondence_message (id),
  kind            text        NOT NULL CHECK (kind IN ('deliver', 'file')),
  state           text        NOT NULL CHECK (state IN ('pending', 'in-flight', 'done', 'dead-letter')),
  attempts        integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  max_attempts    integer     NOT NULL CHECK (max_attempts > 0),
  next_attempt_at timestamptz NOT NULL,
  lease_until     timestamptz,
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
-- Due work: the claim query's index.
CREATE INDEX correspondence_task_due ON correspondence_task (next_attempt_at) WHERE state IN ('pending', 'in-flight');

CREATE TABLE correspondence_attempt (
  message_id  uuid        NOT NULL REFERENCES correspondence_message (id),
  attempt     integer     NOT NULL CHECK (attempt > 0),
  started_at  timestamptz NOT NULL,
  finished_at timestamptz,
  outcome     text        CHECK (outcome IN ('acknowledged', 'accepted', 'filed', 'transient', 'fatal')),
  detail      text,
  PRIMARY KEY (message_id, attempt)
);
`,
};
