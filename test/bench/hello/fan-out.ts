/**
 * A reference for `npm run bench`: hello that first makes the upstream calls
 * case-lookup's search makes (four in parallel, then the responsible unit),
 * to the same sandbox, over the kit's own keep-alive transport, with no
 * checks, no authorization and no audit. The least any implementation pays
 * for pulling the facts per request (POL-001: no child data is kept), so the
 * ceiling for case-lookup's throughput on this machine.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createHttpTransport } from '../../../functions/runtime/http-client/http-transport.ts';

const upstream = process.env.UPSTREAM_BASE_URL ?? 'http://127.0.0.1:8080';
const cpr = (process.env.BENCH_CPR ?? '').replace('-', '');
const transport = createHttpTransport();
const signal = new AbortController().signal;
const json = { 'content-type': 'application/json' };

const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
  const response = await transport(new URL(path, upstream), {
    method,
    headers: json,
    signal,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return JSON.parse(await response.text()) as unknown;
};

const app = new Hono();
app.get('/', async (c) => {
  const [cases] = await Promise.all([
    call('POST', '/cases/search', { partyCpr: cpr }) as Promise<{ cases: { responsibleUnitId: string }[] }>,
    call('POST', '/gp-listing/lookup', { cpr }),
    call('POST', '/psychiatry/courses/lookup', { cpr }),
    call('POST', '/citizen-blocks/lookup', { cpr }),
  ]);
  const unitId = cases.cases[0]?.responsibleUnitId;
  if (unitId) await call('GET', `/units/${encodeURIComponent(unitId)}`);
  return c.json({ hello: 'world', cases: cases.cases.length });
});
serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 8080) });
