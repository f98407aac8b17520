/**
 * A reference for `npm run bench`: the kit's HTTP app as a function runs it
 * (server spans and RED metrics, request id, secure headers, body limit,
 * deadline, health routes, the error model, the access log), answering
 * `POST /echo` (`{ purpose, note }`, validated by a zod schema as a function's
 * request is) with the length of its note. No token, upstream,
 * authorization or audit: what every function pays per request before its own
 * work, beside hello's bare Hono.
 */
import * as z from 'zod/mini';
import { createFunctionApp } from '../../../functions/runtime/http/create-function-app.ts';
import { serveApp } from '../../../functions/runtime/http/serve.ts';
import { readJson } from '../../../functions/runtime/http/validate-json.ts';
import { withAccessLog } from '../../../functions/runtime/log/access-log.ts';
import { createLogger } from '../../../functions/runtime/log/logger.ts';

const ECHO = z.object({ purpose: z.string(), note: z.string() });

const app = createFunctionApp({ name: 'kit-app' });
app.post('/echo', async (c) => {
  const { note } = await readJson(c, ECHO);
  return c.json({ length: note.length });
});
await serveApp(withAccessLog(app, { logger: createLogger(), function: 'kit-app' }), {
  port: Number(process.env.PORT ?? 8080),
});
