import type { Hono } from 'hono';
import { authenticate } from '../runtime/auth/authenticate.ts';
import { createFunctionApp } from '../runtime/http/create-function-app.ts';
import { apiDocs } from '../runtime/openapi/api-docs.ts';
import type { ApiOperation } from '../runtime/openapi/operation.ts';
import type { Kit } from './kit.ts';

/**
 * The app a function adds its routes to: the kit's base app (health, request
 * id, error model, deadline) named after the manifest, `/openapi.json` and
 * `/docs` for `operations`, and — when the manifest uses tokens — every
 * `/v1/*` route behind the verified bearer token. `bodyLimitBytes`: for a
 * function whose bodies are documents (MedCom messages with attachments).
 */
export function functionApp(
  kit: Kit,
  operations: readonly ApiOperation[],
  options: { readonly bodyLimitBytes?: number } = {},
): Hono {
  const app = createFunctionApp({
    name: kit.manifest.name,
    readiness: kit.readiness,
    ...(options.bodyLimitBytes ? { bodyLimitBytes: options.bodyLimitBytes } : {}),
    ...(kit.requestTimeoutMs ? { requestTimeoutMs: kit.requestTimeoutMs } : {}),
  });
  app.route('/', apiDocs({ info: kit.manifest, operations }));
  if (kit.manifest.uses.includes('tokens')) app.use('/v1/*', authenticate(kit.verifyToken));
  return app;
}
