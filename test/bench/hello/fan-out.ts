/**
 * A reference for `npm run bench`: hello that first makes the upstream calls a
 * function makes for one request (`BENCH_CALLS_FILE`: for each request of the
 * function's cycle, stages of calls, each stage in parallel, as
 * function-loads.ts lists them; taken in turn), to the same sandbox, over the
 * kit's own keep-alive transport, with no checks, no authorization and no
 * audit. The least any implementation pays for pulling the facts per request
 * (POL-001: no child data is kept), so the ceiling for that function's
 * throughput on this machine.
 */
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createHttpTransport } from '../../../functions/runtime/http-client/http-transport.ts';

interface Call {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
}

const upstream = process.env.UPSTREAM_BASE_URL ?? 'http://127.0.0.1:8080';
const cycle = JSON.parse(readFileSync(process.env.BENCH_CALLS_FILE!, 'utf8')) as Call[][][];
let next = 0;
const transport = createHttpTransport();
const signal = new AbortController().signal;
const json = { 'content-type': 'application/json' };

const call = async ({ method, path, body }: Call) => {
  const response = await transport(new URL(path, upstream), {
    method,
    headers: json,
    signal,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
  return JSON.parse(await response.text()) as unknown;
};

const app = new Hono();
app.get('/', async (c) => {
  let calls = 0;
  for (const stage of cycle[next++ % cycle.length] ?? []) {
    await Promise.all(stage.map(call));
    calls += stage.length;
  }
  return c.json({ hello: 'world', calls });
});
serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 8080) });
