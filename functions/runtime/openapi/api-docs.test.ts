import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { BOOK, exampleApp, REASONS } from '../../testing/example-app.ts';
import { DOCS_SCRIPT } from './docs-script.ts';
import { DOCS_STYLE } from './docs-style.ts';
import { resolverFor, validSamples, violations } from './schema-samples.ts';

// biome-ignore lint/suspicious/noExplicitAny: the document is JSON walked by key in assertions
type Json = any;

const app = exampleApp();
const document: Json = await (await app.request('/openapi.json')).json();
const requestSchema = document.paths[BOOK.path].post.requestBody.content['application/json'].schema;
const resolve = resolverFor(document);

const book = (body: unknown) =>
  app.request(BOOK.path, {
    method: 'POST',
    headers: { authorization: 'Bearer test', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('apiDocs routes', () => {
  it('serves /openapi.json and /docs without a token, beside a route that needs one', async () => {
    const json = await app.request('/openapi.json');
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toBe('application/json');
    expect((await app.request('/docs')).status).toBe(200);
    expect((await book({})).status).toBe(400);
    expect((await app.request(BOOK.path, { method: 'POST' })).status).toBe(401);
  });

  it('/docs is HTML under a self-only CSP, with the kit’s secure headers kept', async () => {
    const page = await app.request('/docs');
    expect(page.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(page.headers.get('content-security-policy')).toBe(
      "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('the page has no inline code and only relative URLs, so it works under any prefix', async () => {
    const html = await (await app.request('/docs')).text();
    expect(html).toContain('<title>example · API</title>');
    const urls = [...html.matchAll(/\b(?:href|src)="([^"]*)"/g)].map((m) => m[1]);
    expect(urls).toEqual(['docs/docs-page.css', 'docs/docs-page.js', 'openapi.json']);
    expect(html).not.toMatch(/<script[^>]*>[^<]/);
    expect(html).not.toMatch(/<style|\sstyle=/);
  });

  it('serves its own script and stylesheet', async () => {
    const script = await app.request('/docs/docs-page.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe(DOCS_SCRIPT);
    const style = await app.request('/docs/docs-page.css');
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await style.text()).toBe(DOCS_STYLE);
  });

  it('nothing served points at another host: no http:// or https:// in page, script, style or document', async () => {
    for (const path of ['/docs', '/docs/docs-page.js', '/docs/docs-page.css', '/openapi.json'])
      expect(await (await app.request(path)).text(), path).not.toMatch(/https?:\/\//i);
  });

  it('the script is valid JavaScript that fetches the document relative to the page', () => {
    expect(() => new Script(DOCS_SCRIPT)).not.toThrow();
    expect(DOCS_SCRIPT).toContain("new URL('openapi.json', document.baseURI)");
    expect(DOCS_SCRIPT).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/);
  });
});

describe('the documented request schema is what the route enforces', () => {
  it('documents the enum values the route accepts', () => {
    expect((resolve(requestSchema) as Json).properties.reason.enum).toEqual([...REASONS]);
  });

  it('accepts every body built from the documented schema', async () => {
    const samples = validSamples(requestSchema, resolve);
    expect(samples).toHaveLength(1 + REASONS.length + 3 + 1);
    for (const body of samples) expect((await book(body)).status, JSON.stringify(body)).toBe(200);
  });

  it('refuses each documented rule broken, naming the field', async () => {
    const broken = violations(requestSchema, resolve);
    expect(broken.map((v) => `${v.rule} ${v.path}`)).toEqual([
      'maxLength childRef',
      'minLength childRef',
      'type childRef',
      'enum reason',
      'type reason',
      'type interpreter',
      'enum interpreter.language',
      'type interpreter.language',
      'required childRef',
      'required reason',
      'additionalProperties (body)',
      'required interpreter.language',
      'additionalProperties interpreter',
    ]);
    for (const { rule, path, body } of broken) {
      const answer = await book(body);
      expect(answer.status, rule).toBe(400);
      const problem = (await answer.json()) as { code: string; errors: { path: string }[] };
      expect(problem.code).toBe('invalid_request');
      expect(problem.errors.map((e) => e.path)).toContain(path);
    }
  });
});
