import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, chromiumPresent } from '../../testing/chromium.ts';
import { exampleApp, REASONS } from '../../testing/example-app.ts';
import { type RunningServer, serveApp } from '../http/serve.ts';

/**
 * /docs in a real browser (Debian's Chromium, never a downloaded one), with the
 * function mounted under a prefix as the local platform mounts it: the page must
 * render every operation from its own assets and ask no other host for anything.
 */
const PREFIX = '/example';
const SCREENSHOT = join(tmpdir(), 'hoi-openapi-docs.png');

describe('the documentation page in headless Chromium', () => {
  if (!chromiumPresent()) return;

  let server: RunningServer;
  let profile: string;
  let context: BrowserContext;
  let base: string;

  beforeAll(async () => {
    const app = exampleApp();
    const platform = new Hono();
    platform.all(`${PREFIX}/*`, (c) => {
      const url = new URL(c.req.url);
      url.pathname = url.pathname.slice(PREFIX.length);
      return app.fetch(new Request(url, c.req.raw));
    });
    server = await serveApp(platform, { port: 0, hostname: '127.0.0.1', signals: [], drainMs: 1000 });
    base = `http://127.0.0.1:${server.port}${PREFIX}`;
    profile = await mkdtemp(join(tmpdir(), 'hoi-chromium-'));
    // A persistent context is how Playwright takes a fresh --user-data-dir of our own.
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await context?.close();
    await server?.shutdown();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  it('renders the operation, its enum values and problem codes from the function’s own assets', async () => {
    const requested: string[] = [];
    const failures: string[] = [];
    const refused: string[] = [];
    context.on('request', (request) => requested.push(request.url()));
    const page = await context.newPage();
    page.on('pageerror', (error) => failures.push(`pageerror: ${error.message}`));
    page.on('response', (response) => {
      if (response.status() >= 400) refused.push(new URL(response.url()).pathname);
    });
    page.on('console', (message) => {
      // A refused resource is checked by its URL below; everything else logged as an error fails.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        failures.push(`console: ${message.text()}`);
    });

    const answer = await page.goto(`${base}/docs`);
    expect(answer?.status()).toBe(200);
    await page.locator('main#api:not([aria-busy])').waitFor();
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    const operation = page.locator('#op-book');
    await expect.poll(() => operation.locator('h2').textContent()).toBe('POST /v1/bookings');
    expect(await operation.locator('.facts').textContent()).toContain(`${PREFIX}/v1/bookings`);
    const request = (await operation.locator('.request').textContent()) ?? '';
    for (const reason of REASONS) expect(request).toContain(reason);
    expect(request).toContain('at most 8 characters');
    const forbidden = operation.locator('tr', { has: page.locator('td >> text="403"') });
    expect(await forbidden.locator('ul.codes li').allTextContents()).toEqual(['no_relation_to_child']);
    expect(await page.locator('#schema-Problem').count()).toBe(1);
    expect(await page.locator('nav a').allTextContents()).toEqual([
      'POST /v1/bookings',
      'GET /health/liveness',
      'GET /health/readiness',
    ]);

    expect(failures).toEqual([]);
    // Chromium asks the origin for /favicon.ico on its own: outside the function, not the page's doing.
    expect(refused.filter((path) => path !== '/favicon.ico')).toEqual([]);
    const pathsOf = (urls: string[]) => urls.map((u) => new URL(u).pathname);
    expect(pathsOf(requested)).toEqual(
      expect.arrayContaining([
        `${PREFIX}/docs`,
        `${PREFIX}/docs/docs-page.css`,
        `${PREFIX}/docs/docs-page.js`,
        `${PREFIX}/openapi.json`,
      ]),
    );
    expect(requested.filter((u) => new URL(u).hostname !== '127.0.0.1')).toEqual([]);
  });
});
