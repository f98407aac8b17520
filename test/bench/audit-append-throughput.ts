/**
 * How many audit records per second the log commits with N concurrent
 * appenders, each awaiting its append before the next, as request handlers
 * do. `npx tsx test/bench/audit-append-throughput.ts` measures PGlite in
 * memory and, when `HOI_TEST_POSTGRES_URL` is set, PostgreSQL in a throwaway schema.
 */
import { randomBytes } from 'node:crypto';
import { createAuditLog } from '../../functions/runtime/audit/audit-log.ts';
import type { Database } from '../../functions/runtime/db/database.ts';
import { migrate } from '../../functions/runtime/db/migrate.ts';
import { createPgliteDatabase } from '../../functions/runtime/db/pglite.ts';
import { createPostgresDatabase } from '../../functions/runtime/db/postgres.ts';
import { sampleEntry } from '../../functions/testing/sample-entry.ts';

export interface AppendThroughput {
  readonly appenders: number;
  readonly appends: number;
  readonly appendsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export async function measureAppendThroughput(
  db: Database,
  options: { appenders: number; durationMs: number },
): Promise<AppendThroughput> {
  const log = createAuditLog(db);
  const latencies: number[] = [];
  const started = performance.now();
  const end = started + options.durationMs;
  const appender = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      await log.append(sampleEntry());
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: options.appenders }, appender));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    appenders: options.appenders,
    appends: latencies.length,
    appendsPerSecond: Math.round(latencies.length / seconds),
    p50Ms: Number(at(0.5).toFixed(1)),
    p99Ms: Number(at(0.99).toFixed(1)),
  };
}

async function report(name: string, db: Database): Promise<void> {
  await measureAppendThroughput(db, { appenders: 50, durationMs: 1000 }); // warm-up: JIT, plans, pool
  for (const appenders of [1, 50]) {
    const r = await measureAppendThroughput(db, { appenders, durationMs: 5000 });
    console.log(
      `${name.padEnd(10)} ${String(appenders).padStart(2)} appenders: ${r.appendsPerSecond} appends/s (p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, ${r.appends} appends)`,
    );
  }
}

if (import.meta.main) {
  const pglite = await createPgliteDatabase({ kind: 'pglite' });
  await migrate(pglite);
  await report('PGlite', pglite);
  await pglite.close();

  const url = process.env.HOI_TEST_POSTGRES_URL;
  if (url) {
    const schema = `bench_${randomBytes(6).toString('hex')}`;
    const admin = createPostgresDatabase({ kind: 'postgres', url });
    await admin.exec(`CREATE SCHEMA ${schema}`);
    const db = createPostgresDatabase({ kind: 'postgres', url, schema });
    try {
      await migrate(db);
      await report('PostgreSQL', db);
    } finally {
      await db.close();
      await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    }
  } else console.log('PostgreSQL skipped: HOI_TEST_POSTGRES_URL unset');
}
