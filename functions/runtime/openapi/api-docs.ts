import { Hono } from 'hono';
import { DOCS_ASSETS, DOCS_CSP, docsPageHtml } from './docs-page.ts';
import { openApiDocument } from './openapi-document.ts';
import type { ApiInfo, ApiOperation } from './operation.ts';

export interface ApiDocsOptions {
  /** Title, description and version: the function's manifest. */
  readonly info: ApiInfo;
  /** The function's own operations; the health endpoints are added. */
  readonly operations: readonly ApiOperation[];
}

/**
 * `GET /openapi.json` (OpenAPI 3.1) and `GET /docs` (a page rendering it, with
 * its assets under `/docs/`), all public. Mount at the function's root:
 * `app.route('/', apiDocs({ info: MANIFEST, operations: [SEARCH] }))`.
 * The document is built on its first request, not at start: zod's JSON Schema
 * of every operation is a cold start's cost (~8 ms of case-lookup's) for an
 * answer that only developers ask for. A bad declaration is found by each
 * function's test of its document, which builds it as the first request would.
 */
export function apiDocs(options: ApiDocsOptions): Hono {
  let document: string | undefined;
  const page = docsPageHtml(options.info.name);

  const routes = new Hono();
  routes.get('/openapi.json', (c) => {
    document ??= JSON.stringify(openApiDocument(options.info, options.operations));
    return c.body(document, 200, { 'content-type': 'application/json' });
  });
  routes.get('/docs', (c) => c.html(page, 200, { 'content-security-policy': DOCS_CSP }));
  for (const [file, { type, body }] of Object.entries(DOCS_ASSETS))
    routes.get(`/docs/${file}`, (c) => c.body(body, 200, { 'content-type': type }));
  return routes;
}
