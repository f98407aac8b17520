import type { AuditRecord } from '../../../functions/runtime/audit/record.ts';
import { RECORD_COLUMNS, type RecordRow, recordOf } from '../../../functions/runtime/audit/record-row.ts';
import { runVerifyCommand } from '../../../functions/runtime/audit/verify-command.ts';
import type { DatabaseConfig } from '../../../functions/runtime/db/config.ts';
import { connectDatabase } from '../../../functions/runtime/db/open-database.ts';

/** Every record of an audit store, oldest first (a PGlite directory only once its process has stopped). */
export async function readAuditRecords(store: DatabaseConfig): Promise<AuditRecord[]> {
  const db = await connectDatabase(store);
  try {
    const { rows } = await db.query<RecordRow>(
      `SELECT ${RECORD_COLUMNS.join(', ')} FROM audit_record ORDER BY seq`,
    );
    return rows.map(recordOf);
  } finally {
    await db.close();
  }
}

/** `npm run audit:verify` on the store: its exit code and what it printed. */
export async function verifyAuditChain(store: DatabaseConfig): Promise<{ code: number; printed: string[] }> {
  const env =
    store.kind === 'pglite'
      ? { AUDIT_PGLITE_DIR: store.dataDir }
      : { AUDIT_DATABASE_URL: store.url, AUDIT_DATABASE_SCHEMA: store.schema };
  const printed: string[] = [];
  const code = await runVerifyCommand(env, (line) => printed.push(line));
  return { code, printed };
}
