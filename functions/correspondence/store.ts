import type { Database, Queryable } from '../runtime/db/database.ts';

/** Where a message stands: outbound queued → sent → acknowledged / failed / dead-letter; inbound received → filed. */
export type MessageStatus =
  | 'queued'
  | 'sent'
  | 'acknowledged'
  | 'failed'
  | 'dead-letter'
  | 'received'
  | 'filed';

export interface NewMessage {
  readonly direction: 'outbound' | 'inbound';
  readonly envelopeId: string;
  readonly messageId: string;
  readonly threadId: string;
  readonly activity: 'new-message' | 'reply-message' | 'forward-message';
  readonly child: string;
  readonly unitId: string;
  readonly sender: { readonly sor: string; readonly ean: string; readonly name?: string };
  readonly receiver: { readonly sor: string; readonly ean: string; readonly name?: string };
  readonly authorSubject?: string;
  readonly category: string;
  readonly topic?: string;
  readonly bundle: unknown;
}

/** A message as the read views show it: never the CPR number, never the pseudonym. */
export interface StoredMessage {
  readonly id: string;
  readonly direction: 'outbound' | 'inbound';
  readonly messageId: string;
  readonly threadId: string;
  readonly activity: string;
  readonly unitId: string;
  readonly sender: { readonly sor: string; readonly ean: string; readonly name: string | null };
  readonly receiver: { readonly sor: string; readonly ean: string; readonly name: string | null };
  readonly category: string;
  readonly topic: string | null;
  readonly status: MessageStatus;
  readonly statusDetail: string | null;
  readonly filedOnCase: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
}

export interface DueTask {
  readonly id: string;
  readonly kind: 'deliver' | 'file';
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly unitId: string;
  /** The child's keyed pseudonym, for the audit record of the attempt. */
  readonly child: string;
  readonly messageId: string;
  readonly threadId: string;
  readonly bundle: unknown;
  readonly createdAt: string;
}

/** What an acknowledgement that came as a message of its own did. */
export type AcknowledgementEffect =
  | { readonly effect: 'unknown' }
  | {
      readonly effect: 'applied' | 'duplicate';
      readonly id: string;
      readonly child: string;
      readonly unitId: string;
      readonly status: MessageStatus;
    };

export interface Page<T> {
  readonly items: readonly T[];
  /** Pass back as `cursor` for the next page; absent on the last. */
  readonly next?: string;
}

const COLUMNS = `m.id, m.direction, m.message_id, m.thread_id, m.activity, m.unit_id, m.sender_sor, m.sender_ean,
  m.sender_name, m.receiver_sor, m.receiver_ean, m.receiver_name, m.category, m.topic, m.status, m.status_detail,
  m.case_id, m.created_at, m.updated_at, t.attempts, t.next_attempt_at, t.state`;

/**
 * The correspondence tables of the platform's one database (migration 0002).
 * A message and its task are written in one transaction (POL-006.11); a
 * duplicate envelope or message id inserts nothing and returns the first one
 * (POL-006.12).
 */
export function correspondenceStore(db: Database, clock: () => Date) {
  const now = () => clock().toISOString();
  return {
    /** Stores the message and queues its task, or finds the message it duplicates. */
    async accept(
      message: NewMessage,
      task: { readonly kind: 'deliver' | 'file'; readonly maxAttempts: number },
    ): Promise<{ readonly duplicate: boolean; readonly message: StoredMessage }> {
      const id = crypto.randomUUID();
      const inserted = await db.transaction(async (tx) => {
        const { rows } = await tx.query(
          `INSERT INTO correspondence_message (id, direction, envelope_id, message_id, thread_id, activity,
             child_pseudonym, unit_id, sender_sor, sender_ean, sender_name, receiver_sor, receiver_ean,
             receiver_name, author_subject, category, topic, bundle, status, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20)
           ON CONFLICT DO NOTHING RETURNING id`,
          [
            id,
            message.direction,
            message.envelopeId,
            message.messageId,
            message.threadId,
            message.activity,
            message.child,
            message.unitId,
            message.sender.sor,
            message.sender.ean,
            message.sender.name ?? null,
            message.receiver.sor,
            message.receiver.ean,
            message.receiver.name ?? null,
            message.authorSubject ?? null,
            message.category,
            message.topic ?? null,
            JSON.stringify(message.bundle),
            message.direction === 'outbound' ? 'queued' : 'received',
            now(),
          ],
        );
        if (rows.length === 0) return false;
        await tx.query(
          `INSERT INTO correspondence_task (message_id, kind, state, max_attempts, next_attempt_at, created_at, updated_at)
           VALUES ($1, $2, 'pending', $3, $4, $4, $4)`,
          [id, task.kind, task.maxAttempts, now()],
        );
        return true;
      });
      const found = await db.query(
        `SELECT ${COLUMNS} FROM correspondence_message m LEFT JOIN correspondence_task t ON t.message_id = m.id
         WHERE m.direction = $1 AND (m.message_id = $2 OR m.envelope_id = $3) ORDER BY m.created_at LIMIT 1`,
        [message.direction, message.messageId, message.envelopeId],
      );
      return { duplicate: !inserted, message: toMessage(found.rows[0]!) };
    },

    /**
     * Claims up to `limit` due tasks for `leaseMs`: pending ones whose time has
     * come and in-flight ones whose worker's lease ran out (it died). SKIP
     * LOCKED keeps two workers off one task.
     */
    async claim(limit: number, leaseMs: number): Promise<DueTask[]> {
      return db.transaction(async (tx) => {
        const at = now();
        const lease = new Date(clock().getTime() + leaseMs).toISOString();
        const { rows } = await tx.query(
          `UPDATE correspondence_task t SET state = 'in-flight', attempts = t.attempts + 1, lease_until = $2, updated_at = $1
           FROM correspondence_message m
           WHERE m.id = t.message_id AND t.message_id IN (
             SELECT message_id FROM correspondence_task
             WHERE (state = 'pending' AND next_attempt_at <= $1) OR (state = 'in-flight' AND lease_until <= $1)
             ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
           RETURNING t.message_id, t.kind, t.attempts, t.max_attempts, m.unit_id, m.child_pseudonym,
             m.message_id AS medcom_id, m.thread_id, m.bundle, m.created_at`,
          [at, lease, limit],
        );
        for (const row of rows)
          await tx.query(
            'INSERT INTO correspondence_attempt (message_id, attempt, started_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
            [row.message_id, row.attempts, at],
          );
        return rows.map((row) => ({
          id: String(row.message_id),
          kind: row.kind as DueTask['kind'],
          attempt: Number(row.attempts),
          maxAttempts: Number(row.max_attempts),
          unitId: String(row.unit_id),
          child: String(row.child_pseudonym),
          messageId: String(row.medcom_id),
          threadId: String(row.thread_id),
          bundle: typeof row.bundle === 'string' ? JSON.parse(row.bundle) : row.bundle,
          createdAt: iso(row.created_at),
        }));
      });
    },

    /** Ends an attempt: the task is done, retried at `retryAt`, or dead-lettered; the message gets its status. */
    async finish(
      task: DueTask,
      outcome: {
        readonly attempt: 'acknowledged' | 'accepted' | 'filed' | 'transient' | 'fatal';
        readonly status: MessageStatus;
        readonly detail?: string;
        readonly retryAt?: Date;
        readonly caseId?: string;
      },
    ): Promise<void> {
      await db.transaction(async (tx) => {
        const at = now();
        const state = outcome.retryAt ? 'pending' : outcome.status === 'dead-letter' ? 'dead-letter' : 'done';
        await tx.query(
          `UPDATE correspondence_task SET state = $2, next_attempt_at = COALESCE($3, next_attempt_at),
             lease_until = NULL, last_error = $4, updated_at = $5 WHERE message_id = $1`,
          [task.id, state, outcome.retryAt?.toISOString() ?? null, outcome.detail ?? null, at],
        );
        await tx.query(
          'UPDATE correspondence_attempt SET finished_at = $3, outcome = $4, detail = $5 WHERE message_id = $1 AND attempt = $2',
          [task.id, task.attempt, at, outcome.attempt, outcome.detail ?? null],
        );
        await setStatus(tx, task.id, outcome.status, outcome.detail ?? null, at, outcome.caseId);
      });
    },

    /**
     * An acknowledgement that came later, as a message of its own: `ok` and
     * `fatal-error` end a queued or sent message (acknowledged / failed); a
     * `transient-error` puts its delivery back in the queue at `retryAt`, or
     * dead-letters it when its attempts are used up. An acknowledgement of a
     * message that has already ended is a duplicate and changes nothing.
     */
    async acknowledged(
      messageId: string,
      code: 'ok' | 'transient-error' | 'fatal-error',
      detail: string | null,
      retryAt: Date,
    ): Promise<AcknowledgementEffect> {
      return db.transaction(async (tx) => {
        const at = now();
        const { rows } = await tx.query(
          `SELECT m.id, m.child_pseudonym, m.unit_id, m.status, t.attempts, t.max_attempts
           FROM correspondence_message m JOIN correspondence_task t ON t.message_id = m.id
           WHERE m.direction = 'outbound' AND m.message_id = $1 FOR UPDATE OF m, t`,
          [messageId],
        );
        const row = rows[0];
        if (!row) return { effect: 'unknown' };
        const known = { id: String(row.id), child: String(row.child_pseudonym), unitId: String(row.unit_id) };
        const current = row.status as MessageStatus;
        if (current !== 'queued' && current !== 'sent')
          return { effect: 'duplicate', ...known, status: current };
        let status: MessageStatus = code === 'ok' ? 'acknowledged' : 'failed';
        if (code === 'transient-error') {
          const exhausted = Number(row.attempts) >= Number(row.max_attempts);
          status = exhausted ? 'dead-letter' : 'queued';
          await tx.query(
            `UPDATE correspondence_task SET state = $2, next_attempt_at = $3, lease_until = NULL, last_error = $4,
               updated_at = $5 WHERE message_id = $1 AND state <> 'in-flight'`,
            [row.id, exhausted ? 'dead-letter' : 'pending', retryAt.toISOString(), detail, at],
          );
        }
        await setStatus(tx, String(row.id), status, detail, at, undefined);
        return { effect: 'applied', ...known, status };
      });
    },

    /** A unit's messages, newest first. */
    inbox: (unitId: string, page: PageRequest) => list(db, 'm.unit_id = $1', [unitId], page),
    /** A child's messages where one of `units` (municipal) or `sor` (health) is a party, newest first. */
    ofChild: (
      child: string,
      party: { readonly municipality?: string; readonly sor?: string },
      page: PageRequest,
    ) =>
      list(
        db,
        `m.child_pseudonym = $1 AND (m.unit_id LIKE $2 OR m.sender_sor = $3 OR m.receiver_sor = $3)`,
        [child, party.municipality ? `${party.municipality}-%` : '', party.sor ?? ''],
        page,
      ),
    async byId(id: string): Promise<StoredMessage | null> {
      const { rows } = await db.query(
        `SELECT ${COLUMNS} FROM correspondence_message m LEFT JOIN correspondence_task t ON t.message_id = m.id WHERE m.id = $1`,
        [id],
      );
      return rows[0] ? toMessage(rows[0]) : null;
    },
    /** The bundle and CPR-free facts of one outbound message, for a reply or forward. */
    async bundleOf(id: string): Promise<{ readonly bundle: unknown; readonly child: string } | null> {
      const { rows } = await db.query(
        'SELECT bundle, child_pseudonym FROM correspondence_message WHERE id = $1',
        [id],
      );
      const row = rows[0];
      if (!row) return null;
      return {
        bundle: typeof row.bundle === 'string' ? JSON.parse(row.bundle) : row.bundle,
        child: String(row.child_pseudonym),
      };
    },
    /**
     * Removes the content (the Bundle, the topic) of messages that reached an
     * end state before `cutoff`: filed inbound (the case system keeps it) and
     * acknowledged, failed or dead-lettered outbound. The row stays, as the
     * status and duplicate record (POL-006.15). Answers how many it purged.
     */
    async purgeContent(cutoff: Date): Promise<number> {
      const { rowCount } = await db.query(
        `UPDATE correspondence_message SET bundle = '{}'::jsonb, topic = NULL, updated_at = $2
         WHERE updated_at < $1 AND bundle <> '{}'::jsonb
           AND status IN ('filed', 'acknowledged', 'failed', 'dead-letter')`,
        [cutoff.toISOString(), now()],
      );
      return rowCount;
    },
    /**
     * Removes, whole, the status records (message row, task, attempts) of
     * messages whose content was purged and whose last change is older than
     * `cutoff` (POL-009.1). Answers how many messages it removed.
     */
    async purgeRecords(cutoff: Date): Promise<number> {
      return db.transaction(async (tx) => {
        const gone = `SELECT id FROM correspondence_message
          WHERE updated_at < $1 AND bundle = '{}'::jsonb
            AND status IN ('filed', 'acknowledged', 'failed', 'dead-letter')`;
        const at = [cutoff.toISOString()];
        await tx.query(`DELETE FROM correspondence_attempt WHERE message_id IN (${gone})`, at);
        await tx.query(`DELETE FROM correspondence_task WHERE message_id IN (${gone})`, at);
        const { rowCount } = await tx.query(`DELETE FROM correspondence_message WHERE id IN (${gone})`, at);
        return rowCount;
      });
    },
    /** Counts by task state, for the status API and a metric. */
    async taskCounts(): Promise<Record<string, number>> {
      const { rows } = await db.query(
        'SELECT state, count(*)::int AS n FROM correspondence_task GROUP BY state',
      );
      return Object.fromEntries(rows.map((r) => [String(r.state), Number(r.n)]));
    },
  };
}
export type CorrespondenceStore = ReturnType<typeof correspondenceStore>;

export interface PageRequest {
  readonly limit: number;
  readonly cursor?: string | undefined;
}

async function setStatus(
  tx: Queryable,
  id: string,
  status: MessageStatus,
  detail: string | null,
  at: string,
  caseId: string | undefined,
): Promise<void> {
  // An acknowledgement that came on its own before the worker recorded the hand-over wins: `sent` never undoes it.
  await tx.query(
    `UPDATE correspondence_message SET status = $2, status_detail = $3, updated_at = $4, case_id = COALESCE($5, case_id)
     WHERE id = $1 AND NOT ($2 = 'sent' AND status IN ('acknowledged', 'failed'))`,
    [id, status, detail, at, caseId ?? null],
  );
}

async function list(
  db: Database,
  where: string,
  params: readonly unknown[],
  page: PageRequest,
): Promise<Page<StoredMessage>> {
  const after = decodeCursor(page.cursor);
  const n = params.length;
  const { rows } = await db.query(
    `SELECT ${COLUMNS} FROM correspondence_message m LEFT JOIN correspondence_task t ON t.message_id = m.id
     WHERE ${where} ${after ? `AND (m.created_at, m.id) < ($${n + 1}::timestamptz, $${n + 2}::uuid)` : ''}
     ORDER BY m.created_at DESC, m.id DESC LIMIT $${after ? n + 3 : n + 1}`,
    [...params, ...(after ? [after.at, after.id] : []), page.limit + 1],
  );
  const items = rows.slice(0, page.limit).map(toMessage);
  const last = items.at(-1);
  return {
    items,
    ...(rows.length > page.limit && last ? { next: encodeCursor(last.createdAt, last.id) } : {}),
  };
}

export function encodeCursor(at: string, id: string): string {
  return Buffer.from(`${at}|${id}`).toString('base64url');
}

/** `undefined` for no cursor; throws `RangeError` for one this store did not make. */
export function decodeCursor(cursor: string | undefined): { at: string; id: string } | undefined {
  if (cursor === undefined) return undefined;
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/.test(id))
    throw new RangeError('not a cursor');
  return { at, id };
}

function iso(value: unknown): string {
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
}

function toMessage(row: Record<string, unknown>): StoredMessage {
  const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    id: String(row.id),
    direction: row.direction as StoredMessage['direction'],
    messageId: String(row.message_id),
    threadId: String(row.thread_id),
    activity: String(row.activity),
    unitId: String(row.unit_id),
    sender: { sor: String(row.sender_sor), ean: String(row.sender_ean), name: str(row.sender_name) },
    receiver: { sor: String(row.receiver_sor), ean: String(row.receiver_ean), name: str(row.receiver_name) },
    category: String(row.category),
    topic: str(row.topic),
    status: row.status as MessageStatus,
    statusDetail: str(row.status_detail),
    filedOnCase: row.case_id !== null && row.case_id !== undefined,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    attempts: Number(row.attempts ?? 0),
    nextAttemptAt: row.state === 'pending' && row.next_attempt_at ? iso(row.next_attempt_at) : null,
  };
}
