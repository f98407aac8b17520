import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { metrics } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenFgaAuthorizer, SDK_METRIC_ATTRIBUTES } from './openfga-adapter.ts';

/**
 * The SDK's own client metrics, as a deployment with telemetry on exports
 * them: the attributes the adapter names and no identifier of whom a check
 * was about (POL-001.7). Its own file: a meter provider registers once per
 * process.
 */
const GUARDIAN = 'citizen:p-0123456789abcdef0123456789abcdef';
const CHILD = 'child:p-fedcba9876543210fedcba9876543210';

let server: Server;
let apiUrl: string;
const reader = new PeriodicExportingMetricReader({
  exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE),
  exportIntervalMillis: 3_600_000,
});

beforeAll(async () => {
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ allowed: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await reader.shutdown();
  metrics.disable();
  await new Promise((resolve) => server.close(resolve));
});

describe('POL-001.7: the OpenFGA client’s metrics name no one a check was about', () => {
  it('records each call with the attributes the adapter names, none holding the user or the object', async () => {
    const authorizer = createOpenFgaAuthorizer({
      mode: 'openfga',
      apiUrl,
      storeId: '01JABCDEFGHJKMNPQRSTVWXYZ0',
      modelId: '01JABCDEFGHJKMNPQRSTVWXYZ1',
      timeoutMs: 5_000,
      maxRetries: 0,
    });
    expect(
      await authorizer.check({ user: GUARDIAN, relation: 'can_view_access_log', object: CHILD }),
    ).toEqual({
      allowed: true,
    });
    const { resourceMetrics } = await reader.collect();
    const points = resourceMetrics.scopeMetrics
      .filter((s) => s.scope.name === '@openfga/sdk')
      .flatMap((s) => s.metrics)
      .flatMap((m) => m.dataPoints.map((p) => ({ metric: m.descriptor.name, attributes: p.attributes })));
    // Not vacuous: the SDK recorded the call (its only metric here, openfga-adapter.ts).
    expect(points.map((p) => p.metric)).toEqual(['fga-client.request.duration']);
    for (const { attributes } of points) {
      for (const key of Object.keys(attributes))
        expect(SDK_METRIC_ATTRIBUTES.has(key as never), key).toBe(true);
      expect(attributes['fga-client.request.store_id']).toBe('01JABCDEFGHJKMNPQRSTVWXYZ0');
      const values = JSON.stringify(attributes);
      expect(values).not.toContain('p-0123456789abcdef');
      expect(values).not.toContain('p-fedcba9876543210');
      expect(values).not.toContain(apiUrl);
    }
  });
});
