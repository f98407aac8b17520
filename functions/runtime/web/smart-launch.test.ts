import { describe, expect, it } from 'vitest';
import type { AppError } from '../http/app-error.ts';
import { challengeOf, createSmartClient } from './smart-launch.ts';

const ISS = 'https://ehr.example/fhir';
const configuration = (methods = ['S256']) => ({
  authorization_endpoint: 'https://ehr.example/auth',
  token_endpoint: 'https://ehr.example/token',
  code_challenge_methods_supported: methods,
});

/** A record system as a fetch: its discovery document and token endpoint, and what it was sent. */
function recordSystem(
  config = configuration(),
  token: unknown = { access_token: 'at', token_type: 'Bearer', patient_cpr: '6701161234' },
) {
  const seen: { url: string; body?: string }[] = [];
  const fetch = (async (url: string | URL, init?: RequestInit) => {
    seen.push({ url: String(url), ...(init?.body ? { body: String(init.body) } : {}) });
    const answer = String(url).endsWith('/.well-known/smart-configuration') ? config : token;
    return new Response(JSON.stringify(answer), { status: 200 });
  }) as typeof globalThis.fetch;
  return { seen, fetch };
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => (e as AppError).code,
  );

describe('the SMART EHR launch client', () => {
  it('sends the browser to the authorization endpoint with PKCE S256, aud = iss and the launch; trades the code', async () => {
    const ehr = recordSystem();
    const client = createSmartClient({
      clientId: 'portal',
      redirectUri: 'https://p/callback',
      issuers: [ISS],
      fetch: ehr.fetch,
    });
    const { url, pending } = await client.begin(`${ISS}/`, 'L1');
    const params = new URL(url).searchParams;
    expect(Object.fromEntries(params)).toEqual({
      response_type: 'code',
      client_id: 'portal',
      redirect_uri: 'https://p/callback',
      scope: 'launch openid fhirUser patient/Patient.r',
      state: pending.state,
      aud: ISS,
      code_challenge: challengeOf(pending.verifier),
      code_challenge_method: 'S256',
      launch: 'L1',
    });
    const token = await client.complete(pending, { code: 'C', state: pending.state });
    expect(token.patient_cpr).toBe('6701161234');
    const sent = new URLSearchParams(ehr.seen.at(-1)!.body);
    expect([sent.get('code'), sent.get('code_verifier'), sent.get('grant_type')]).toEqual([
      'C',
      pending.verifier,
      'authorization_code',
    ]);
  });

  it('refuses an issuer not listed before calling it, one without PKCE, and an answer with another state', async () => {
    const ehr = recordSystem(configuration(['plain']));
    const client = createSmartClient({
      clientId: 'portal',
      redirectUri: 'https://p/callback',
      issuers: [ISS],
      fetch: ehr.fetch,
    });
    expect(await codeOf(client.begin('https://evil.example/fhir', 'L'))).toBe('launch_untrusted_issuer');
    expect(ehr.seen).toEqual([]);
    expect(await codeOf(client.begin(ISS, 'L'))).toBe('launch_refused');
    const good = createSmartClient({
      clientId: 'portal',
      redirectUri: 'https://p/callback',
      issuers: [ISS],
      fetch: recordSystem().fetch,
    });
    const { pending } = await good.begin(ISS, 'L');
    expect(await codeOf(good.complete(pending, { code: 'C', state: 'other' }))).toBe('launch_state_mismatch');
  });

  it('a token answer outside the contract, or a record system that does not answer, is a refusal, not a crash', async () => {
    const bad = recordSystem(configuration(), { token_type: 'Bearer' });
    const client = createSmartClient({
      clientId: 'portal',
      redirectUri: 'https://p/callback',
      issuers: [ISS],
      fetch: bad.fetch,
    });
    const { pending } = await client.begin(ISS, 'L');
    expect(await codeOf(client.complete(pending, { code: 'C', state: pending.state }))).toBe(
      'launch_refused',
    );
    const down = createSmartClient({
      clientId: 'portal',
      redirectUri: 'https://p/callback',
      issuers: [ISS],
      fetch: (async () => {
        throw new TypeError('connection refused');
      }) as typeof fetch,
    });
    expect(await codeOf(down.begin(ISS, 'L'))).toBe('launch_issuer_unavailable');
  });
});
