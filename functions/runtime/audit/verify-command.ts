import { existsSync } from 'node:fs';
import { ConfigError } from '../config/parse-env.ts';
import { loadDatabaseConfig } from '../db/config.ts';
import { isDatabaseError } from '../db/errors.ts';
import { connectDatabase } from '../db/open-database.ts';
import { verifyChain } from './verify-chain.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** 0: the chain is intact; 1: it was tampered with; 2: it could not be verified. */
export type VerifyExitCode = 0 | 1 | 2;

/**
 * `npm run audit:verify`: verifies the audit chain of the store named by
 * `AUDIT_DATABASE_URL` (PostgreSQL) or `AUDIT_PGLITE_DIR` (a PGlite data
 * directory, which no running function may have open). Reads only: it never
 * migrates or writes.
 */
export async function runVerifyCommand(env: Env, print: (line: string) => void): Promise<VerifyExitCode> {
  let db: Awaited<ReturnType<typeof connectDatabase>> | undefined;
  try {
    const config = loadDatabaseConfig(env, 'AUDIT_');
    if (config.kind === 'pglite' && config.dataDir === undefined)
      throw new ConfigError('AUDIT_DATABASE_URL', 'or AUDIT_PGLITE_DIR is required');
    // PGlite would create an empty store in a missing directory.
    if (config.kind === 'pglite' && !existsSync(config.dataDir!))
      throw new ConfigError('AUDIT_PGLITE_DIR', 'is not an existing directory');
    db = await connectDatabase(config);
    const result = await verifyChain(db);
    if (result.ok) {
      print(`audit chain OK: ${result.records} records, head ${result.headHash}`);
      return 0;
    }
    print(
      `audit chain BROKEN at record ${result.brokenAt}: ${result.problem} (${result.records} records before it verified)`,
    );
    return 1;
  } catch (error) {
    if (!(error instanceof ConfigError || isDatabaseError(error))) throw error;
    print(`audit chain not verified: ${error.message}`);
    return 2;
  } finally {
    await db?.close();
  }
}
