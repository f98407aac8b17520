import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevIssuer, openDevIssuer } from '../runtime/auth/dev-issuer.ts';
import { createTokenVerifier } from '../runtime/auth/token-verifier.ts';
import { CPR_SHAPED } from '../runtime/cpr/cpr.ts';
import { challengeOf } from '../runtime/web/smart-launch.ts';
import { generateSandboxData } from '../sandbox/data/generate.ts';
import { devEhrApp, launchScenarios, PORTAL_CLIENT_ID } from './dev-ehr.ts';
import { portalLines } from './welcome.ts';

const EHR = 'http://h/dev-ehr';
const PORTAL = 'http://h/portal';
const data = generateSandboxData();
let dir: string;
let issuer: DevIssuer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hoi-dev-ehr-'));
  issuer = await openDevIssuer(join(dir, 'key.json'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const app = () => devEhrApp({ ehrUrl: EHR, portalUrl: PORTAL, clientId: PORTAL_CLIENT_ID, issuer, data });
const local = (url: string) => url.replace('http://h/dev-ehr', '');

describe('the dev record system (SMART EHR launch, local only)', () => {
  it('a launch opens the portal with iss and an opaque launch; the code flow with PKCE gives the token and the child', async () => {
    const ehr = app();
    const gp = launchScenarios(data).find((s) => s.key === 'gp')!;
    const opened = await ehr.request('/launch/gp');
    expect(opened.status).toBe(302);
    const launchUrl = new URL(opened.headers.get('location')!);
    expect(`${launchUrl.origin}${launchUrl.pathname}`).toBe(`${PORTAL}/launch`);
    expect(launchUrl.searchParams.get('iss')).toBe(EHR);
    expect(CPR_SHAPED.test(launchUrl.href)).toBe(false);

    const config = (await (await ehr.request('/.well-known/smart-configuration')).json()) as Record<
      string,
      unknown
    >;
    expect(config.code_challenge_methods_supported).toEqual(['S256']);
    const verifier = 'v'.repeat(43);
    const authorize = new URL(`${EHR}/authorize`);
    for (const [k, v] of Object.entries({
      response_type: 'code',
      client_id: PORTAL_CLIENT_ID,
      redirect_uri: `${PORTAL}/callback`,
      aud: EHR,
      state: 's1',
      launch: launchUrl.searchParams.get('launch')!,
      code_challenge: challengeOf(verifier),
      code_challenge_method: 'S256',
    }))
      authorize.searchParams.set(k, v);
    const back = new URL((await ehr.request(local(authorize.href))).headers.get('location')!);
    expect(back.searchParams.get('state')).toBe('s1');
    const code = back.searchParams.get('code')!;
    const exchange = (codeVerifier: string) =>
      ehr.request('/token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: `${PORTAL}/callback`,
          client_id: PORTAL_CLIENT_ID,
          code_verifier: codeVerifier,
        }).toString(),
      });
    const token = (await (await exchange(verifier)).json()) as { access_token: string; patient_cpr: string };
    expect(token.patient_cpr).toBe(gp.childCpr);
    const principal = await createTokenVerifier(issuer.trustDomains)(token.access_token);
    expect(principal.user).toBe(`user:health/${gp.identity.subject}`);
    // The code is single use.
    expect((await exchange(verifier)).status).toBe(400);
  });

  it('refuses a wrong PKCE verifier, an unknown redirect and a launch used twice', async () => {
    const ehr = app();
    const launch = new URL(
      (await ehr.request('/launch/caseworker')).headers.get('location')!,
    ).searchParams.get('launch')!;
    const params = (over: Record<string, string>) =>
      `/authorize?${new URLSearchParams({
        response_type: 'code',
        client_id: PORTAL_CLIENT_ID,
        redirect_uri: `${PORTAL}/callback`,
        aud: EHR,
        state: 's',
        launch,
        code_challenge: challengeOf('right'),
        code_challenge_method: 'S256',
        ...over,
      })}`;
    expect((await ehr.request(params({ redirect_uri: 'https://evil.example/cb' }))).status).toBe(400);
    const first = new URL((await ehr.request(params({}))).headers.get('location')!);
    const again = new URL((await ehr.request(params({}))).headers.get('location')!);
    expect(again.searchParams.get('error')).toBe('access_denied');
    const wrong = await ehr.request('/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: first.searchParams.get('code')!,
        redirect_uri: `${PORTAL}/callback`,
        client_id: PORTAL_CLIENT_ID,
        code_verifier: 'wrong',
      }).toString(),
    });
    expect([wrong.status, await wrong.json()]).toEqual([400, { error: 'invalid_grant' }]);
  });

  it('has a blocked child for a GP, and the banner’s launch addresses all answer', async () => {
    const keys = launchScenarios(data).map((s) => s.key);
    expect(keys).toEqual(['gp', 'psychiatrist', 'gp-other-clinic', 'caseworker', 'guardian', 'gp-blocked']);
    const lines = portalLines('http://h', data);
    const ehr = app();
    const printed = lines.flatMap((l) => /http:\/\/h\/dev-ehr(\/(?:launch|post)\/[\w-]+)/.exec(l)?.[1] ?? []);
    expect(printed).toHaveLength(keys.length + 1);
    for (const path of printed) expect((await ehr.request(path)).status).toBeLessThan(400);
    expect(CPR_SHAPED.test(lines.join('\n'))).toBe(false);
  });

  it('the signed-launch page holds a launch token and an access token, and no CPR number as text', async () => {
    const page = await (await app().request('/post/gp')).text();
    expect(page).toContain(`action="${PORTAL}/launch"`);
    expect(page).toMatch(/name="launch_token" value="eyJ/);
    expect(page).toMatch(/name="access_token" value="eyJ/);
  });
});
