/**
 * Test fixture: a function process with telemetry on, as `main.ts` starts one —
 * telemetry first, then the app, so the HTTP instrumentation sees the server.
 * Env: OTEL_* (exporter), UPSTREAM_URL, DATABASE_URL (PostgreSQL; without it PGlite
 * in memory). Prints `listening <port>`.
 */
import { startTelemetry } from '../runtime/telemetry/start-telemetry.ts';

const telemetry = await startTelemetry({ name: 'traced-fixture', version: '0.0.0' }, process.env);
const { createFunctionApp } = await import('../runtime/http/create-function-app.ts');
const { serveApp } = await import('../runtime/http/serve.ts');
const { withSpan } = await import('../runtime/telemetry/instruments.ts');
const { createUpstreamClient } = await import('../runtime/http-client/upstream-client.ts');
const z = await import('zod/mini');
const { connectDatabase } = await import('../runtime/db/open-database.ts');

const db = await connectDatabase(
  process.env.DATABASE_URL ? { kind: 'postgres', url: process.env.DATABASE_URL } : { kind: 'pglite' },
);
// Outside a request: no span.
await db.query('SELECT 1 AS ok');

const cases = createUpstreamClient({
  name: 'FK Sags- og Dokumentindeks',
  baseUrl: process.env.UPSTREAM_URL!,
});

const app = createFunctionApp({ name: 'traced-fixture' });
app.post('/lookup', async (c) => {
  const body = (await c.req.json()) as { cpr: string };
  const decision = await withSpan(
    'authz.check',
    { 'hoi.child': `p-${'ab'.repeat(16)}`, 'hoi.cpr': body.cpr, 'hoi.function': 'traced-fixture' },
    async () => true,
  );
  const found = await cases.postJson('/cases/search', body, z.object({}), { idempotent: true });
  // The CPR number as a parameter: it must reach no span.
  const echoed = await db.transaction((tx) =>
    tx.query<{ n: number }>('SELECT length($1::text) AS n', [body.cpr]),
  );
  return c.json({ decision, upstream: found, stored: echoed.rows[0]?.n });
});
const running = await serveApp(app, {
  port: 0,
  hostname: '127.0.0.1',
  onShutdown: async () => {
    await db.close();
    await telemetry.shutdown();
  },
});
console.log(`listening ${running.port}`);
