/**
 * A reference for `npm run bench`: hello that first makes the upstream calls
 * case-lookup's search makes (four in parallel, then the responsible unit),
 * to the same sandbox, with plain `fetch` and no checks. What pulling the
 * facts per request (POL-001) costs before any of case-lookup's own work.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const upstream = process.env.UPSTREAM_BASE_URL ?? 'http://127.0.0.1:8080';
const cpr = (process.env.BENCH_CPR ?? '').replace('-', '');

const post = async (path: string, body: unknown) => {
  const response = await fetch(`${upstream}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return response.json() as Promise<unknown>;
};

const app = new Hono();
app.get('/', async (c) => {
  const [cases] = await Promise.all([
    post('/cases/search', { partyCpr: cpr }) as Promise<{ cases: { responsibleUnitId: string }[] }>,
    post('/gp-listing/lookup', { cpr }),
    post('/psychiatry/courses/lookup', { cpr }),
    post('/citizen-blocks/lookup', { cpr }),
  ]);
  const unitId = cases.cases[0]?.responsibleUnitId;
  if (unitId) await (await fetch(`${upstream}/units/${encodeURIComponent(unitId)}`)).json();
  return c.json({ hello: 'world', cases: cases.cases.length });
});
serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 8080) });
