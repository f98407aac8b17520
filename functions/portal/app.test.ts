import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHILD_ACCESS_PROBLEMS } from '../kit/child-access/problems.ts';
import { type DevIssuer, openDevIssuer } from '../runtime/auth/dev-issuer.ts';
import { createTokenVerifier } from '../runtime/auth/token-verifier.ts';
import { PAGE_CSP } from '../runtime/web/page-security.ts';
import { testKit } from '../testing/test-kit.ts';
import { checkSettings, createApp } from './app.ts';
import { manifest } from './manifest.ts';
import { EXPLAINED_CODES, explain } from './wording.ts';

const GP = {
  subject: 'gp-1',
  name: 'Dr. Test',
  role: 'gp',
  organisation: { id: '953741000016009', name: 'Lægerne Torvet' },
  domain: 'health' as const,
};
let dir: string;
let issuer: DevIssuer;
let app: Hono;
const env = (keyFile: string) => ({
  AUTH_DEV_KEY_FILE: keyFile,
  PORTAL_PUBLIC_URL: 'https://portal.example/portal',
  // Nothing answers here: the tests below never reach a function.
  PORTAL_FUNCTION_URL_TEMPLATE: 'http://127.0.0.1:9/{function}',
  PORTAL_LAUNCH_ISSUERS: 'https://ehr.example/fhir',
  PORTAL_SESSION_KEY: 'cd'.repeat(32),
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hoi-portal-'));
  issuer = await openDevIssuer(join(dir, 'key.json'));
  app = await createApp(
    testKit(manifest, {
      env: env(join(dir, 'key.json')),
      verifyToken: createTokenVerifier(issuer.trustDomains),
    }),
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const form = (fields: Record<string, string>, cookie?: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
  body: new URLSearchParams(fields).toString(),
});

describe('the portal', () => {
  it('serves the landing page in Danish under its strict CSP, and its own stylesheet', async () => {
    const res = await app.request('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(PAGE_CSP);
    const page = await res.text();
    expect(page).toMatch(/^<!DOCTYPE html><html lang="da">/i);
    expect(page).toContain('href="/portal/assets/portal.css"');
    expect(page).not.toMatch(/<script|style="/);
    const css = await app.request('/assets/portal.css');
    expect([css.status, css.headers.get('content-type')]).toEqual([200, 'text/css; charset=utf-8']);
  });

  it('a signed launch makes a sealed session; a form without its CSRF token is refused', async () => {
    const launch = await issuer.signLaunch(GP, {
      audience: 'https://portal.example/portal/launch',
      patientCpr: '6701161234',
    });
    const res = await app.request(
      '/launch',
      form({ launch_token: launch, access_token: await issuer.sign(GP) }),
    );
    expect([res.status, res.headers.get('location')]).toEqual([303, '/portal/']);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^hoi_portal=.+; Max-Age=\d+; Path=\/portal; HttpOnly; Secure; SameSite=Lax$/);
    expect(cookie).not.toContain('6701161234');
    const session = cookie.split(';')[0]!;
    const override = await app.request('/override', { headers: { cookie: session } });
    const csrf = /name="csrf" value="([\w-]+)"/.exec(await override.text())![1]!;
    const refused = await app.request('/logout', form({ csrf: 'x'.repeat(43) }, session));
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('Formularen er for gammel');
    const out = await app.request('/logout', form({ csrf }, session));
    expect([out.status, out.headers.get('set-cookie')]).toEqual([
      200,
      expect.stringMatching(/^hoi_portal=; Max-Age=0/),
    ]);
  });

  it('refuses a launch bound to another person, and a SMART launch from an issuer it does not trust', async () => {
    const launch = await issuer.signLaunch(GP, {
      audience: 'https://portal.example/portal/launch',
      patientCpr: '6701161234',
    });
    const other = await issuer.sign({ ...GP, subject: 'gp-2' });
    const res = await app.request('/launch', form({ launch_token: launch, access_token: other }));
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('Linket og dit login hører ikke sammen');
    const smart = await app.request('/launch?iss=https%3A%2F%2Fevil.example%2Ffhir&launch=x');
    expect(smart.status).toBe(400);
    expect(await smart.text()).toContain('Systemet, der åbnede portalen, er ikke godkendt');
    expect((await app.request('/callback?code=c&state=s')).status).toBe(400);
  });

  it('has plain Danish words for every refusal a child-access function answers', () => {
    const generic = new Set([
      'invalid_request',
      'invalid_json',
      'body_too_large',
      'unsupported_media_type',
      'upstream_error',
      'upstream_invalid_response',
    ]);
    const codes = Object.values(CHILD_ACCESS_PROBLEMS)
      .flat()
      .filter((c) => !generic.has(c));
    expect(codes.filter((c) => !EXPLAINED_CODES.includes(c))).toEqual([]);
    expect(explain('upstream_error').title).toBe('Der skete en fejl');
  });

  it('stops at start naming a bad setting', () => {
    expect(() => checkSettings({ ...env('k'), PORTAL_FUNCTION_URL_TEMPLATE: 'http://x' })).toThrow(
      /PORTAL_FUNCTION_URL_TEMPLATE/,
    );
    expect(() => checkSettings({ ...env('k'), PORTAL_SESSION_KEY: 'short' })).toThrow(/PORTAL_SESSION_KEY/);
  });
});
