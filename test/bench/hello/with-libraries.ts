/**
 * A reference for `npm run bench`'s cold start: the hello app, after loading
 * the libraries case-lookup runs on in production (lazily, as a chunk, the way
 * case-lookup loads its wiring, so the image's compile cache covers it) and
 * using none of them. The least any function built on them takes to start.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const { libraries } = await import('./libraries.ts');
const app = new Hono();
app.get('/', (c) => c.json({ hello: 'world', libraries: libraries.length }));
serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 8080) });
