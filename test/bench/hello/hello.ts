/**
 * The baseline of `npm run bench`: a plain Hono app on @hono/node-server
 * answering `GET /` with JSON, bundled like a function, with nothing else.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.get('/', (c) => c.json({ hello: 'world' }));
serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 8080) });
