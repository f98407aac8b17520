import { DOCS_SCRIPT } from './docs-script.ts';
import { DOCS_STYLE } from './docs-style.ts';

/**
 * The documentation page. Its script and stylesheet are served by the
 * function under `docs/` (no CDN, nothing from another host), and every URL
 * on the page is relative, so it works under any mount prefix: from
 * `<prefix>/docs` it loads `<prefix>/docs/…` and fetches `<prefix>/openapi.json`.
 */
export const DOCS_ASSETS: Readonly<Record<string, { readonly type: string; readonly body: string }>> = {
  'docs-page.js': { type: 'text/javascript; charset=utf-8', body: DOCS_SCRIPT },
  'docs-page.css': { type: 'text/css; charset=utf-8', body: DOCS_STYLE },
};

/** Scripts, styles and fetches from the function's own origin only; no inline code, no framing. */
export const DOCS_CSP = "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function docsPageHtml(title: string): string {
  const name = escapeHtml(title);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${name} · API</title>
<link rel="stylesheet" href="docs/docs-page.css">
<script defer src="docs/docs-page.js"></script>
</head>
<body>
<header><h1>${name}</h1><p id="intro">Loading <a href="openapi.json">openapi.json</a>…</p></header>
<main id="api" aria-busy="true"></main>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
