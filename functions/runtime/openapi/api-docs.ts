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
 * The document is built here, at start, so a bad declaration stops the function.
 */
export function apiDocs(options: ApiDocsOptions): Hono {
  const document = JSON.stringify(openApiDocument(options.info, options.operations));
  const page = docsPageHtml(options.info.name);

  const routes = new Hono();
  routes.get('/openapi.json', (c) => c.body(document, 200, { 'content-type': 'application/json' }));
  routes.get('/docs', (c) => c.html(page, 200, { 'content-security-policy': DOCS_CSP }));
  for (const [file, { type, body }] of Object.entries(DOCS_ASSETS))
    routes.get(`/docs/${file}`, (c) => c.body(body, 200, { 'content-type': type }));
  return routes;
}
