/**
 * npm run bench:correspondence — the correspondence function on PGlite and,
 * when DATABASE_URL is set (e.g. under `.ci/with-services`), on PostgreSQL:
 *   - durable accepts/s: `POST /v1/messages` answered 202 (pulled facts, the
 *     decision, the audit record, message and task in one transaction), 8 in flight;
 *   - send → acknowledged p50/p99: one message at a time, sent, handed to the
 *     sandbox VANS peer by the outbox run and acknowledged by it.
 * The function runs in process through `app.request` (the HTTP server is not
 * what is measured); the sandbox upstreams and the peer answer over loopback HTTP.
 * Rows are plain data; `tsx test/bench/correspondence.bench.ts` prints them.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../../functions/correspondence/app.ts';
import { manifest } from '../../functions/correspondence/manifest.ts';
import { createKit } from '../../functions/kit/create-kit.ts';
import { openDevIssuer } from '../../functions/runtime/auth/dev-issuer.ts';
import type { Database } from '../../functions/runtime/db/database.ts';
import { migrate } from '../../functions/runtime/db/migrate.ts';
import { createPgliteDatabase } from '../../functions/runtime/db/pglite.ts';
import { createPostgresDatabase } from '../../functions/runtime/db/postgres.ts';
import { serveApp } from '../../functions/runtime/http/serve.ts';
import { createSandboxApp } from '../../functions/sandbox/app.ts';
import { generateSandboxData } from '../../functions/sandbox/data/generate.ts';
import { personas } from '../../functions/sandbox/data/personas.ts';
import { percentile } from './stats.ts';

export interface BenchRow {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline?: number;
  readonly ratio?: number;
}

export interface CorrespondenceBenchOptions {
  /** Accepts measured per store. @default 400 */
  readonly accepts?: number;
  /** Round trips measured per store. @default 100 */
  readonly roundTrips?: number;
  readonly databaseUrl?: string | undefined;
}

export async function correspondenceBench(options: CorrespondenceBenchOptions = {}): Promise<BenchRow[]> {
  const accepts = options.accepts ?? 400;
  const roundTrips = options.roundTrips ?? 100;
  const data = generateSandboxData({ today: new Date() });
  const caseworker = personas(data).find((p) => p.key === 'caseworker')!;
  const child = data.children.find((c) => c.cpr === caseworker.demoChildCpr)!;
  const dir = await mkdtemp(join(tmpdir(), 'hoi-bench-correspondence-'));
  const sandbox = await serveApp(createSandboxApp(data), {
    port: 0,
    hostname: '127.0.0.1',
    signals: [],
    drainMs: 100,
  });
  const issuer = await openDevIssuer(join(dir, 'dev-key.json'));
  const token = await issuer.sign(caseworker);
  const stores: { name: string; open: () => Promise<{ db: Database; close: () => Promise<void> }> }[] = [
    {
      name: 'PGlite',
      open: async () => {
        const db = await createPgliteDatabase({ kind: 'pglite' });
        await migrate(db);
        return { db, close: () => db.close() };
      },
    },
    ...(options.databaseUrl ? [{ name: 'PostgreSQL', open: () => openPostgres(options.databaseUrl!) }] : []),
  ];
  const rows: BenchRow[] = [];
  try {
    for (const store of stores) {
      const { db, close } = await store.open();
      const started = await createKit(
        manifest,
        {
          AUTHZ_MODE: 'embedded',
          AUTH_DEV_KEY_FILE: join(dir, 'dev-key.json'),
          PSEUDONYM_KEY: randomBytes(32).toString('hex'),
          UPSTREAM_BASE_URL: `http://127.0.0.1:${sandbox.port}`,
          GATEWAY_TOKEN: 'g'.repeat(40),
          OUTBOX_TOKEN: 'o'.repeat(40),
          CORRESPONDENCE_DELIVER_AFTER_SEND: 'false',
        },
        { database: async () => db },
      );
      try {
        const app = await createApp(started.kit);
        const post = (path: string, body: unknown, bearer: string) =>
          app.request(path, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
            body: JSON.stringify(body),
          });
        const message = {
          cpr: caseworker.demoChildCpr,
          purpose: 'care_coordination',
          receiver: { sor: child.gpClinicSor },
          category: 'psychiatry-social-disability',
          topic: 'Samarbejde',
          text: 'Kan vi aftale et møde om barnet?',
          contactPhone: '99311111',
        };
        const send = async () => {
          const res = await post('/v1/messages', message, token);
          if (res.status !== 202) throw new Error(`send answered ${res.status}`);
          return (await res.json()) as { id: string };
        };
        const drain = async () => {
          for (;;) {
            const res = await post('/jobs/v1/outbox/run', {}, 'o'.repeat(40));
            if (((await res.json()) as { claimed: number }).claimed === 0) return;
          }
        };
        for (let i = 0; i < 20; i++) await send();
        await drain();

        const inFlight = 8;
        let next = 0;
        const t0 = performance.now();
        await Promise.all(
          Array.from({ length: inFlight }, async () => {
            while (next++ < accepts) await send();
          }),
        );
        const acceptsPerSecond = accepts / ((performance.now() - t0) / 1000);
        rows.push({
          name: `correspondence durable accepts (${store.name}, 8 in flight)`,
          value: Math.round(acceptsPerSecond),
          unit: 'accepts/s',
        });
        await drain();

        const samples: number[] = [];
        for (let i = 0; i < roundTrips; i++) {
          const start = performance.now();
          const { id } = await send();
          await post('/jobs/v1/outbox/run', {}, 'o'.repeat(40));
          const status = await post(
            '/v1/messages/status',
            { id, cpr: caseworker.demoChildCpr, purpose: 'care_coordination' },
            token,
          );
          const answer = (await status.json()) as { status: string };
          if (answer.status !== 'acknowledged') throw new Error(`the message is ${answer.status}`);
          samples.push(performance.now() - start);
        }
        for (const p of [50, 99])
          rows.push({
            name: `correspondence send → acknowledged p${p} (${store.name}, sandbox VANS peer)`,
            value: Number(percentile(samples, p).toFixed(1)),
            unit: 'ms',
          });
      } finally {
        await started.close();
        await close();
      }
    }
  } finally {
    await sandbox.shutdown();
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

async function openPostgres(url: string): Promise<{ db: Database; close: () => Promise<void> }> {
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const admin = createPostgresDatabase({ kind: 'postgres', url });
  await admin.exec(`CREATE SCHEMA ${schema}`);
  const db = createPostgresDatabase({ kind: 'postgres', url, schema });
  await migrate(db);
  return {
    db,
    close: async () => {
      await db.close();
      await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await correspondenceBench({ databaseUrl: process.env.DATABASE_URL });
  for (const row of rows) console.log(`${row.name.padEnd(72)} ${String(row.value).padStart(8)} ${row.unit}`);
}
