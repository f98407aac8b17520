import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCprShaped } from '../../testing/cpr-scan.ts';
import { realPostgresUrl } from '../../testing/real-services.ts';
import { SKIP_REAL_POSTGRES } from '../../testing/test-stores.ts';
import { safeAttributes } from './instruments.ts';
import { telemetryEnabled } from './start-telemetry.ts';

interface OtlpSpan {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes: { key: string; value: { stringValue?: string; intValue?: string | number } }[];
}
interface OtlpTraces {
  resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[];
}

interface Received {
  path: string;
  body: string;
  headers: IncomingHttpHeaders;
}

async function listen(handler: (r: Received) => void): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      handler({ path: req.url ?? '', body, headers: req.headers });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('telemetry switch', () => {
  it('is off without an OTLP endpoint and when disabled', () => {
    expect(telemetryEnabled({})).toBe(false);
    expect(telemetryEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' })).toBe(true);
    expect(
      telemetryEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' }),
    ).toBe(false);
  });

  it('drops attribute values shaped like a CPR number', () => {
    expect(safeAttributes({ 'hoi.unit': 'u-ab12', 'x.cpr': '670315-4321', n: 3 })).toEqual({
      'hoi.unit': 'u-ab12',
      n: 3,
    });
  });

  it('POL-001.7: drops attribute values shaped like a keyed pseudonym (personal data, the platform holds the key)', () => {
    const pseudonymOfAChild = `p-${'0f'.repeat(16)}`;
    expect(
      safeAttributes({ 'hoi.child': pseudonymOfAChild, 'hoi.note': `x ${pseudonymOfAChild}`, n: 1 }),
    ).toEqual({
      n: 1,
    });
  });
});

const postgresUrl = realPostgresUrl();
const databases = [
  { name: 'PGlite', env: {} },
  postgresUrl
    ? { name: 'PostgreSQL', env: { DATABASE_URL: postgresUrl } }
    : { name: `PostgreSQL (${SKIP_REAL_POSTGRES})`, env: undefined },
];

describe.each(databases)(
  'a function process on $name exporting OTLP to a collector on loopback',
  ({ env: databaseEnv }) => {
    const exported: Received[] = [];
    const upstreamSaw: Received[] = [];
    let collector: Server;
    let upstream: Server;
    let child: ChildProcess;
    let port = 0;

    beforeAll(async () => {
      if (!databaseEnv) return;
      const c = await listen((r) => exported.push(r));
      const u = await listen((r) => upstreamSaw.push(r));
      collector = c.server;
      upstream = u.server;
      const fixture = fileURLToPath(new URL('../../testing/traced-function.ts', import.meta.url));
      child = spawn(process.execPath, ['--import', 'tsx', fixture], {
        env: {
          PATH: process.env.PATH,
          OTEL_EXPORTER_OTLP_ENDPOINT: c.url,
          OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
          OTEL_BSP_SCHEDULE_DELAY: '50',
          OTEL_METRIC_EXPORT_INTERVAL: '100',
          UPSTREAM_URL: u.url,
          ...databaseEnv,
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      port = await new Promise<number>((resolve, reject) => {
        child.stdout!.on('data', (chunk: Buffer) => {
          const match = /listening (\d+)/.exec(chunk.toString());
          if (match) resolve(Number(match[1]));
        });
        child.on('exit', (code) => reject(new Error(`fixture exited ${code}`)));
      });
    }, 30_000);

    afterAll(async () => {
      child?.kill('SIGKILL');
      await Promise.all([collector, upstream].map((s) => new Promise((resolve) => s?.close(resolve))));
    });

    it.skipIf(!databaseEnv)(
      'traces the request, the authorization span, the upstream call and the database statements in one trace, without CPR numbers',
      async () => {
        const res = await fetch(`http://127.0.0.1:${port}/lookup`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
          },
          body: JSON.stringify({ cpr: '670315-4321' }),
        });
        expect(await res.json()).toEqual({ decision: true, upstream: {}, stored: 11 });
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));

        const traces = exported
          .filter((r) => r.path === '/v1/traces')
          .map((r) => JSON.parse(r.body) as OtlpTraces);
        const spans = traces.flatMap((t) =>
          t.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)),
        );
        const server = spans.find((s) => s.kind === 2)!;
        const authz = spans.find((s) => s.name === 'authz.check')!;
        const client = spans.find((s) => s.kind === 3 && s.name.startsWith('POST'));
        expect(server?.name).toBe('POST /lookup');
        expect(client?.name).toBe('POST FK Sags- og Dokumentindeks');
        expect(server?.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
        expect(authz?.traceId).toBe(server.traceId);
        expect(authz?.parentSpanId).toBe(server.spanId);
        expect(client?.traceId).toBe(server.traceId);
        expect(client?.parentSpanId).toBe(server.spanId);
        expect(upstreamSaw[0]?.headers.traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-/);
        expect(authz.attributes.map((a) => a.key)).toEqual(['hoi.function']);
        // The statement inside its transaction, both children of the request: the start's query made no span.
        const transaction = spans.find((s) => s.name === 'transaction')!;
        const statement = spans.find((s) => s.name === 'SELECT')!;
        expect(spans.filter((s) => s.name === 'SELECT')).toHaveLength(1);
        expect(transaction.kind).toBe(3);
        expect(transaction.parentSpanId).toBe(server.spanId);
        expect(statement.kind).toBe(3);
        expect(statement.traceId).toBe(server.traceId);
        expect(statement.parentSpanId).toBe(transaction.spanId);
        const attribute = (key: string) => statement.attributes.find((a) => a.key === key)?.value;
        expect(attribute('db.system.name')?.stringValue).toBe('postgresql');
        expect(attribute('db.operation.name')?.stringValue).toBe('SELECT');
        expect(attribute('db.query.text')?.stringValue).toBe('SELECT length($1::text) AS n');
        expect(Number(attribute('db.response.returned_rows')?.intValue)).toBe(1);
        expect(exported.some((r) => r.path === '/v1/metrics')).toBe(true);
        expect(exported.flatMap((r) => findCprShaped(r.body))).toEqual([]);
      },
    );
  },
);
