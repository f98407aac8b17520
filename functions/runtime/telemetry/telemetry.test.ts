import { spawn } from 'node:child_process';
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

interface Fixture {
  readonly port: number;
  readonly exported: Received[];
  readonly upstreamSaw: Received[];
  /** Stops the process (SIGTERM: it flushes what it holds) and waits for it. */
  stop(): Promise<void>;
  close(): Promise<void>;
}

/** The traced fixture function as its own process, exporting OTLP/JSON to a collector on loopback. */
async function startFixture(env: Readonly<Record<string, string | undefined>>): Promise<Fixture> {
  const exported: Received[] = [];
  const upstreamSaw: Received[] = [];
  const collector = await listen((r) => exported.push(r));
  const upstream = await listen((r) => upstreamSaw.push(r));
  const fixture = fileURLToPath(new URL('../../testing/traced-function.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    env: {
      PATH: process.env.PATH,
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '50',
      OTEL_METRIC_EXPORT_INTERVAL: '100',
      UPSTREAM_URL: upstream.url,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /listening (\d+)/.exec(chunk.toString());
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`fixture exited ${code}`)));
  });
  return {
    port,
    exported,
    upstreamSaw,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
    close: async () => {
      child.kill('SIGKILL');
      await Promise.all(
        [collector.server, upstream.server].map((server) => new Promise((resolve) => server.close(resolve))),
      );
    },
  };
}

function spansIn(exported: readonly Received[]): OtlpSpan[] {
  return exported
    .filter((r) => r.path === '/v1/traces')
    .map((r) => JSON.parse(r.body) as OtlpTraces)
    .flatMap((t) => t.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)));
}

interface OtlpMetrics {
  resourceMetrics: {
    scopeMetrics: {
      metrics: { name: string; histogram?: { dataPoints: { count: string | number }[] } }[];
    }[];
  }[];
}

/** Requests counted in `hoi.request.duration` by the last metrics export (cumulative). */
function requestsCounted(exported: readonly Received[]): number {
  const last = exported.filter((r) => r.path === '/v1/metrics').at(-1);
  if (!last) return 0;
  const metrics = (JSON.parse(last.body) as OtlpMetrics).resourceMetrics.flatMap((rm) =>
    rm.scopeMetrics.flatMap((sm) => sm.metrics),
  );
  return metrics
    .filter((m) => m.name === 'hoi.request.duration')
    .flatMap((m) => m.histogram?.dataPoints ?? [])
    .reduce((sum, point) => sum + Number(point.count), 0);
}

const lookup = (port: number, headers: Readonly<Record<string, string>> = {}) =>
  fetch(`http://127.0.0.1:${port}/lookup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ cpr: '670315-4321' }),
  });

describe.each(databases)(
  'a function process on $name exporting OTLP to a collector on loopback',
  ({ env: databaseEnv }) => {
    let fixture: Fixture;

    beforeAll(async () => {
      if (!databaseEnv) return;
      fixture = await startFixture(databaseEnv);
    }, 30_000);

    afterAll(async () => {
      await fixture?.close();
    });

    it.skipIf(!databaseEnv)(
      'traces the request, the authorization span, the upstream call and the database statements in one trace, without CPR numbers',
      async () => {
        const res = await lookup(fixture.port, {
          traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        });
        expect(await res.json()).toEqual({ decision: true, upstream: {}, stored: 11 });
        await fixture.stop();
        const { exported, upstreamSaw } = fixture;

        const spans = spansIn(exported);
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

describe('trace sampling as the targets deploy it (parent-based ratio)', () => {
  let fixture: Fixture;

  beforeAll(async () => {
    fixture = await startFixture({
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0',
    });
  }, 30_000);

  afterAll(async () => {
    await fixture?.close();
  });

  it('traces no request that starts here at ratio 0, every one a caller sampled, and counts all of them in the metrics', async () => {
    const sampledByCaller = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const notSampledByCaller = '00-4bf92f3577b34da6a3ce929d0e0e4737-00f067aa0ba902b7-00';
    const requests: Readonly<Record<string, string>>[] = [
      {},
      { traceparent: notSampledByCaller },
      { traceparent: sampledByCaller },
      {},
    ];
    for (const headers of requests) {
      const res = await lookup(fixture.port, headers);
      expect(res.status).toBe(200);
      await res.body?.cancel();
    }
    await fixture.stop();
    const spans = spansIn(fixture.exported);
    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set(['4bf92f3577b34da6a3ce929d0e0e4736']));
    expect(spans.filter((s) => s.kind === 2).map((s) => s.name)).toEqual(['POST /lookup']);
    expect(spans.map((s) => s.name).sort()).toEqual(
      ['POST /lookup', 'POST FK Sags- og Dokumentindeks', 'SELECT', 'authz.check', 'transaction'].sort(),
    );
    // The untraced requests still passed their trace context on, unsampled, to the upstream.
    expect(fixture.upstreamSaw.map((r) => r.headers.traceparent?.slice(-2))).toEqual([
      '00',
      '00',
      '01',
      '00',
    ]);
    expect(requestsCounted(fixture.exported)).toBe(4);
  });
});
