import { auditLog } from './0001-audit-log.ts';
import { auditActorTrust } from './0002-audit-actor-trust.ts';
import { correspondence } from './0003-correspondence.ts';
import { auditRetention } from './0004-audit-retention.ts';
import { auditCaseIds } from './0005-audit-case-ids.ts';
import { auditOverrideDetail } from './0006-audit-override-detail.ts';
import type { Migration } from './migration.ts';

/** The schema of the platform's one database, in order. Append new migrations; never edit applied ones. */
export const MIGRATIONS: readonly Migration[] = [
  auditLog,
  auditActorTrust,
  correspondence,
  auditRetention,
  auditCaseIds,
  auditOverrideDetail,
];
