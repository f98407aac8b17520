import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateKeyPair, SignJWT } from 'jose';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFunctions } from '../../functions/kit/find-functions.ts';
import {
  DEV_EHR,
  devEhrApp,
  type LaunchScenario,
  launchScenarios,
  PORTAL_CLIENT_ID,
} from '../../functions/local/dev-ehr.ts';
import { type MountedFunctions, mountFunctions } from '../../functions/local/mount-functions.ts';
import { platformRouter } from '../../functions/local/router.ts';
import { type DevIssuer, openDevIssuer } from '../../functions/runtime/auth/dev-issuer.ts';
import { type RunningServer, serveApp } from '../../functions/runtime/http/serve.ts';
import { loadSandboxConfig } from '../../functions/sandbox/config.ts';
import { CHROMIUM, chromiumPresent } from '../../functions/testing/chromium.ts';
import { readAuditRecords } from './support/audit-store.ts';

/**
 * The portal in Debian's Chromium (never a downloaded one), on the local
 * platform over real HTTP: the dev record system launches it (SMART EHR launch
 * and signed launch tokens), the portal calls the real functions with the
 * person's token, and every page passes axe-core with no serious or critical
 * violation. Screenshots of each state go to test-results/portal/.
 */
const root = resolve(import.meta.dirname, '../..');
const SHOTS = join(root, 'test-results/portal');
const AXE = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');

describe('the portal in headless Chromium', () => {
  if (!chromiumPresent()) return;

  let server: RunningServer;
  let functions: MountedFunctions[] = [];
  let scratch: string;
  let context: BrowserContext;
  let base: string;
  let issuer: DevIssuer;
  let scenarios: Map<string, LaunchScenario>;
  const violations: { page: string; id: string; impact: string }[] = [];
  const cspReports: string[] = [];

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'hoi-portal-browser-'));
    await mkdir(SHOTS, { recursive: true });
    const found = (await findFunctions()).filter((f) => f.manifest.name !== 'authz-sync');
    const router = platformRouter([...found.map((f) => f.manifest.name), DEV_EHR]);
    server = await serveApp(router.app, { port: 0, hostname: '127.0.0.1', signals: [], drainMs: 1000 });
    base = `http://127.0.0.1:${server.port}`;
    const env = {
      AUTHZ_MODE: 'embedded',
      AUTH_DEV_KEY_FILE: join(scratch, 'dev-key.json'),
      PSEUDONYM_KEY: 'ab'.repeat(32),
      GATEWAY_TOKEN: 'g'.repeat(40),
      OUTBOX_TOKEN: 'o'.repeat(40),
      PGLITE_DIR: join(scratch, 'audit'),
      UPSTREAM_BASE_URL: `${base}/sandbox`,
      PORTAL_PUBLIC_URL: `${base}/portal`,
      PORTAL_FUNCTION_URL_TEMPLATE: `${base}/{function}`,
      PORTAL_LAUNCH_ISSUERS: `${base}/${DEV_EHR}`,
      PORTAL_SESSION_KEY: 'cd'.repeat(32),
    };
    for (const group of [found.filter((f) => f.manifest.sandbox), found.filter((f) => !f.manifest.sandbox)]) {
      const mounted = await mountFunctions(group, env);
      functions = [mounted, ...functions];
      for (const { name, app, failure } of mounted.mounted) {
        if (!app) throw new Error(`${name} did not start: ${failure}`);
        router.mount(name, app);
      }
    }
    issuer = await openDevIssuer(env.AUTH_DEV_KEY_FILE);
    const { data } = loadSandboxConfig(env);
    scenarios = new Map(launchScenarios(data).map((s) => [s.key, s]));
    router.mount(
      DEV_EHR,
      devEhrApp({
        ehrUrl: `${base}/${DEV_EHR}`,
        portalUrl: `${base}/portal`,
        clientId: PORTAL_CLIENT_ID,
        issuer,
        data,
      }),
    );
    context = await chromium.launchPersistentContext(join(scratch, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      locale: 'da-DK',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-sync',
      ],
    });
    context.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspReports.push(message.text());
    });
  });

  afterAll(async () => {
    await context?.close();
    await server?.shutdown();
    for (const group of functions) await group.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  /** axe-core on the page as it stands (injected through the debugger, so the page's CSP stays as served). */
  async function checkAccessibility(page: Page, name: string): Promise<void> {
    await page.evaluate(AXE);
    const result = (await page.evaluate(() =>
      (globalThis as unknown as { axe: { run: () => Promise<unknown> } }).axe.run(),
    )) as { violations: { id: string; impact: string }[] };
    for (const v of result.violations)
      if (v.impact === 'serious' || v.impact === 'critical')
        violations.push({ page: name, id: v.id, impact: v.impact });
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  }

  async function fresh(): Promise<Page> {
    await context.clearCookies();
    for (const open of context.pages()) await open.close();
    return context.newPage();
  }

  /** A record system's page that posts `launchToken` (and the person's access token) to the portal. */
  async function postLaunch(page: Page, launchToken: string, accessToken: string) {
    await page.setContent(
      `<!doctype html><html lang="da"><title>LPS</title><form method="post" action="${base}/portal/launch">` +
        `<input type="hidden" name="launch_token" value="${launchToken}">` +
        `<input type="hidden" name="access_token" value="${accessToken}"><button>Åbn</button></form></html>`,
    );
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Åbn' }).click()]);
    await page.waitForLoadState('load');
  }

  const heading = (page: Page) => page.locator('h1').textContent();

  it('a SMART EHR launch shows the GP the case contact and the school, with no CPR number in any URL', async () => {
    const page = await fresh();
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    const gp = scenarios.get('gp')!;
    const answer = await page.goto(`${base}/${DEV_EHR}/launch/gp`);
    expect(answer?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/portal/');
    expect(await heading(page)).toBe('Barnet fra din journal');
    const sections = await page.locator('section.card').allTextContents();
    expect(sections[0]).toContain('Myndighed Øst');
    expect(sections[1]).toMatch(/Skole|Dagtilbud/);
    expect(await page.locator('header.site .who').textContent()).toContain(gp.identity.name);
    expect(await page.locator('html').getAttribute('lang')).toBe('da');
    expect(answer?.headers()['content-security-policy']).toContain("default-src 'none'");
    const cpr = gp.childCpr;
    expect(urls.filter((u) => u.includes(cpr) || u.includes(`${cpr.slice(0, 6)}-${cpr.slice(6)}`))).toEqual(
      [],
    );
    expect(urls.filter((u) => new URL(u).hostname !== '127.0.0.1')).toEqual([]);
    expect((await context.cookies()).find((c) => c.name === 'hoi_portal')).toMatchObject({
      httpOnly: true,
      secure: true,
      sameSite: 'Lax',
      path: '/portal',
    });
    await checkAccessibility(page, 'clinician');
  });

  it('a signed launch token works once; replayed, expired and forged ones are refused in words', async () => {
    const gp = scenarios.get('gp')!;
    const access = await issuer.sign(gp.identity, 3600);
    const page = await fresh();
    const launch = await issuer.signLaunch(gp.identity, {
      audience: `${base}/portal/launch`,
      patientCpr: gp.childCpr,
    });
    await postLaunch(page, launch, access);
    expect(await heading(page)).toBe('Barnet fra din journal');

    await postLaunch(page, launch, access);
    expect(await heading(page)).toBe('Linket fra dit system er allerede brugt');
    await checkAccessibility(page, 'launch-replayed');

    const expired = await issuer.signLaunch(gp.identity, {
      audience: `${base}/portal/launch`,
      patientCpr: gp.childCpr,
      issuedAt: new Date(Date.now() - 15 * 60_000),
    });
    await postLaunch(await fresh(), expired, access);
    const expiredPage = context.pages()[0]!;
    expect(await heading(expiredPage)).toBe('Linket fra dit system er udløbet');
    await checkAccessibility(expiredPage, 'launch-expired');

    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ patient_cpr: gp.childCpr })
      .setProtectedHeader({ alg: 'ES256', typ: 'launch+jwt', kid: 'forged' })
      .setIssuer('urn:hoi:dev-idp:health')
      .setSubject(gp.identity.subject)
      .setAudience(`${base}/portal/launch`)
      .setIssuedAt()
      .setExpirationTime('60s')
      .setJti('forged-1')
      .sign(privateKey);
    const forgedPage = await fresh();
    await postLaunch(forgedPage, forged, access);
    expect(await heading(forgedPage)).toBe('Linket fra dit system kunne ikke godkendes');
    expect(await context.cookies()).toEqual([]);
    await checkAccessibility(forgedPage, 'launch-forged');
  });

  it('a GP with no relation to the child reads why nothing is shown', async () => {
    const page = await fresh();
    await page.goto(`${base}/${DEV_EHR}/launch/gp-other-clinic`);
    expect(await page.locator('.notice h3').first().textContent()).toBe('Du har ikke adgang til dette barn');
    await checkAccessibility(page, 'clinician-no-relation');
  });

  it('a blocked child: the blocked state, then a keyboard-only værdispring, which is shown as logged', async () => {
    const page = await fresh();
    await page.goto(`${base}/${DEV_EHR}/launch/gp-blocked`);
    expect(await page.locator('.notice.blocked h3').first().textContent()).toBe(
      'Borgeren har spærret for adgangen',
    );
    await checkAccessibility(page, 'clinician-blocked');

    // Keyboard only: the skip link first, then the header, then the override.
    const focused = async () =>
      page.evaluate(
        // Runs in the page, as a string: the project's types have no DOM.
        "(() => { const el = document.activeElement; return el ? el.tagName.toLowerCase() + ':' + (el.textContent || '').trim() : ''; })()",
      ) as Promise<string>;
    const order: string[] = [];
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab');
      order.push(await focused());
    }
    expect(order).toEqual([
      'a:Gå til indhold',
      'a:HOI · Helhedsorienteret indsats for børn og unge',
      'button:Log ud',
    ]);
    let tabs = 0;
    while (!(await focused()).startsWith('a:Lav et værdispring') && tabs++ < 10)
      await page.keyboard.press('Tab');
    await Promise.all([page.waitForURL(/\/portal\/override$/), page.keyboard.press('Enter')]);
    expect(await heading(page)).toBe('Værdispring: se oplysningerne trods spærringen');
    await checkAccessibility(page, 'override-reason');

    await page.keyboard.press('Tab'); // skip link
    while ((await focused()) !== 'input:' && tabs++ < 20) await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown'); // the second reason: the child's vital interest
    expect(await page.locator('input[name=reason]:checked').getAttribute('value')).toBe('vital_interest');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Akut bekymring ved konsultation');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('button:Fortsæt');
    await Promise.all([page.waitForURL(/\/override\/confirm$/), page.keyboard.press('Enter')]);
    expect(await heading(page)).toBe('Bekræft værdispringet');
    await checkAccessibility(page, 'override-confirm');

    await page.getByRole('button', { name: 'Bekræft værdispring' }).focus();
    await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
    await page.waitForSelector('.notice.logged');
    expect(await page.locator('.notice.logged h2').textContent()).toBe('Værdispring er logget');
    expect(await page.locator('section.card').first().textContent()).not.toContain('spærret');
    await checkAccessibility(page, 'override-logged');
  });

  it('the caseworker sees the child’s appointments, and the guardian who looked, on a phone', async () => {
    const page = await fresh();
    await page.goto(`${base}/${DEV_EHR}/launch/caseworker`);
    expect(await heading(page)).toBe('Barnets aftaler i børne- og ungdomspsykiatrien');
    expect(await page.locator('#aftaler ~ table, section.card table').count()).toBeGreaterThan(0);
    await checkAccessibility(page, 'caseworker');

    const phone = await fresh();
    await phone.setViewportSize({ width: 375, height: 740 });
    await phone.goto(`${base}/${DEV_EHR}/launch/guardian`);
    expect(await heading(phone)).toBe('Hvem har set dit barns oplysninger?');
    const entries = await phone.locator('ol.log li').allTextContents();
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.join('\n')).toContain('Lægerne Torvet');
    const width = (await phone.evaluate('document.documentElement.scrollWidth')) as number;
    expect(width).toBeLessThanOrEqual(375);
    await checkAccessibility(phone, 'guardian-phone');

    await Promise.all([
      phone.waitForLoadState('load'),
      phone.getByRole('button', { name: 'Log ud' }).click(),
    ]);
    expect(await heading(phone)).toBe('Du er logget ud');
    await phone.goto(`${base}/portal/`);
    expect(await heading(phone)).toBe('Åbn portalen fra dit system');
    await checkAccessibility(phone, 'landing');
  });

  it('no page had a serious or critical axe violation or a CSP violation', () => {
    expect(violations).toEqual([]);
    expect(cspReports).toEqual([]);
  });

  it('the værdispring is in the audit log, flagged as an override of case-lookup and school-lookup', async () => {
    await server.shutdown();
    for (const group of functions) await group.close();
    functions = [];
    const records = await readAuditRecords({ kind: 'pglite', dataDir: join(scratch, 'audit') });
    const blocked = scenarios.get('gp-blocked')!;
    const overrides = records.filter((r) => r.override);
    expect(overrides.map((r) => r.functionName).sort()).toEqual(['case-lookup', 'school-lookup']);
    expect(overrides.map((r) => [r.actor.id, r.actor.trustDomain, r.decision.outcome])).toEqual([
      [blocked.identity.subject, 'health', 'allow'],
      [blocked.identity.subject, 'health', 'allow'],
    ]);
  });
});
