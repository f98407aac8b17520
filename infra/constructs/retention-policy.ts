/**
 * `policies/retention.yaml` (POL-009), parsed once: the retention table of the
 * compliance package and the purge's settings come from it. A bad field stops
 * the reader naming the field.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

const text = z.string().min(1);
const enforcement = z.union([
  z.object({ job: text, setting: text }).strict(),
  z
    .object({
      schedule: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, 'must be <function>/<schedule>'),
      setting: text.optional(),
    })
    .strict(),
  z.object({ operator: text }).strict(),
  z.object({ receiver: text }).strict(),
  // A copy kept in step with another store of this file: what removes a fact there removes it here.
  z.object({ follows: z.string().regex(/^[a-z0-9-]+$/), how: text }).strict(),
  z.object({ none: text }).strict(),
]);
const retention = z.union([
  z.object({ days: z.number().int().min(1), from: text }).strict(),
  z.object({ target: z.literal('database.retention') }).strict(),
  z.object({ while: text }).strict(),
]);
const store = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: text,
    where: text,
    holds: z.array(text).min(1),
    retention,
    rule: z.string().regex(/^POL-\d{3}\.\d+$/, 'must be a rule id (POL-009.2)'),
    reason: text,
    enforced_by: enforcement,
  })
  .strict();
const policySchema = z.object({ version: z.literal(1), stores: z.array(store).min(1) }).strict();

export type RetentionPolicy = z.infer<typeof policySchema>;
export type StoreRetention = RetentionPolicy['stores'][number];

export const RETENTION_FILE = resolve(import.meta.dirname, '../../policies/retention.yaml');

export function parseRetentionPolicy(source: string, file = 'policies/retention.yaml'): RetentionPolicy {
  const result = policySchema.safeParse(parse(source));
  if (result.success) {
    const ids = result.data.stores.map((s) => s.id);
    const twice = ids.find((id, i) => ids.indexOf(id) !== i);
    if (twice) throw new Error(`${file}: store ${twice} is listed twice`);
    return result.data;
  }
  const issue = result.error.issues[0]!;
  throw new Error(`${file}: ${issue.path.join('.') || '(top level)'} ${issue.message}`);
}

export function loadRetentionPolicy(file = RETENTION_FILE): RetentionPolicy {
  return parseRetentionPolicy(readFileSync(file, 'utf8'));
}

/** The audit log's retention in days: what the audit-checkpoint CronJob's AUDIT_RETENTION_DAYS is. */
export function auditRetentionDays(policy: RetentionPolicy = loadRetentionPolicy()): number {
  const audit = policy.stores.find((s) => s.id === 'audit-log');
  if (!audit || !('days' in audit.retention))
    throw new Error('policies/retention.yaml: store audit-log must state its retention in days');
  return audit.retention.days;
}
