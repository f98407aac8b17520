import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '../http/app-error.ts';
import { createTokenVerifier, type TrustDomain } from './token-verifier.ts';

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

const municipal = {
  name: 'municipal',
  issuer: 'https://idp.aalborg.example',
  audience: 'hoi',
  municipality: '851',
} as const;
const health = { name: 'health', issuer: 'https://sts.health.example', audience: 'hoi-health' } as const;
const hjoerring = {
  name: 'municipal',
  issuer: 'https://idp.hjoerring.example',
  audience: 'hoi',
  municipality: '860',
} as const;

let privateKey: SigningKey;
let publicJwk: JWK;
let otherKey: SigningKey;
let jwksServer: Server;
let jwksUrl: string;
/** Requests the key-set server has answered, and whether it answers at all. */
let jwksRequests = 0;
let jwksUp = true;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  privateKey = pair.privateKey;
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  otherKey = (await generateKeyPair('ES256')).privateKey;
  jwksServer = createServer((req, res) => {
    jwksRequests++;
    if (!jwksUp) {
      req.socket.destroy();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [publicJwk] }));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks`;
});

afterAll(() => new Promise((resolve) => jwksServer.close(resolve)));

function domains(): TrustDomain[] {
  return [
    { ...municipal, jwks: { keys: [publicJwk] } },
    { ...health, jwksUrl },
  ];
}

function token(
  claims: Record<string, unknown> = {},
  options: { key?: SigningKey; issuer?: string; audience?: string } = {},
) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    name: 'Anne Andersen',
    hoi_role: 'caseworker',
    org_id: 'org:851',
    org_name: 'Aalborg',
    iat: now,
    exp: now + 300,
    ...claims,
  })
    .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
    .setSubject('anne')
    .setIssuer(options.issuer ?? municipal.issuer)
    .setAudience(options.audience ?? municipal.audience)
    .sign(options.key ?? privateKey);
}

async function rejected(promise: Promise<unknown>): Promise<{ status: number; code: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  const { status, code } = error as AppError;
  return { status, code };
}

describe('createTokenVerifier', () => {
  it('accepts a valid token and maps its claims to a principal', async () => {
    const verify = createTokenVerifier(domains());
    expect(await verify(await token({ azp: 'sapa' }))).toEqual({
      user: 'user:851/anne',
      subject: 'anne',
      name: 'Anne Andersen',
      role: 'caseworker',
      organisation: { id: 'org:851', name: 'Aalborg' },
      domain: 'municipal',
      issuer: municipal.issuer,
      municipality: '851',
      client: 'sapa',
    });
  });

  it('POL-004.1: scopes the user by the trust domain that vouches for it: one IdP never speaks for another’s users', async () => {
    const verify = createTokenVerifier([...domains(), { ...hjoerring, jwks: { keys: [publicJwk] } }]);
    const fromAalborg = await verify(await token({}, { issuer: municipal.issuer }));
    const fromHjoerring = await verify(await token({}, { issuer: hjoerring.issuer }));
    const fromHealth = await verify(await token({}, { issuer: health.issuer, audience: health.audience }));
    // The same subject, three different users: none reaches a relation stored for another.
    expect([fromAalborg.user, fromHjoerring.user, fromHealth.user]).toEqual([
      'user:851/anne',
      'user:860/anne',
      'user:health/anne',
    ]);
    expect([fromHjoerring.municipality, fromHjoerring.issuer]).toEqual(['860', hjoerring.issuer]);
    expect(fromHealth.municipality).toBeUndefined();
  });

  it('refuses a token that lacks what the access log needs (name, role, organisation)', async () => {
    const verify = createTokenVerifier(domains());
    for (const claim of ['name', 'hoi_role', 'org_id', 'org_name']) {
      const error = await verify(await token({ [claim]: undefined })).catch((e: AppError) => e);
      expect([(error as AppError).status, (error as AppError).code]).toEqual([401, 'incomplete_token']);
      expect((error as AppError).message).toContain(claim);
    }
    expect(await rejected(verify(await token({ name: '' })))).toEqual({
      status: 401,
      code: 'incomplete_token',
    });
  });

  it('neutralises control and bidirectional characters in the claims it passes on', async () => {
    const verify = createTokenVerifier(domains());
    const principal = await verify(
      await token({ name: 'Anne \u202eredna\u202c\n', org_name: 'Aal\u0000borg' }),
    );
    expect(principal.name).toBe('Anne \ufffdredna\ufffd\ufffd');
    expect(principal.organisation.name).toBe('Aal\ufffdborg');
  });

  it('finds an issuer’s keys by OpenID discovery when no JWKS URL is configured', async () => {
    const discovery = createServer((req, res) => {
      if (req.url !== '/.well-known/openid-configuration') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ issuer: 'x', jwks_uri: jwksUrl }));
    });
    await new Promise<void>((resolve) => discovery.listen(0, '127.0.0.1', resolve));
    const issuer = `http://127.0.0.1:${(discovery.address() as AddressInfo).port}`;
    try {
      const verify = createTokenVerifier([{ ...hjoerring, issuer }]);
      const principal = await verify(await token({}, { issuer }));
      expect(principal.user).toBe('user:860/anne');
    } finally {
      await new Promise((resolve) => discovery.close(resolve));
    }
  });

  it('refuses a configuration in which a municipal IdP names no municipality, or an issuer appears twice', () => {
    expect(() => createTokenVerifier([{ ...municipal, municipality: undefined, jwksUrl }])).toThrow(
      "a municipal IdP needs its municipality's code",
    );
    expect(() =>
      createTokenVerifier([
        { ...municipal, jwksUrl },
        { ...municipal, jwksUrl },
      ]),
    ).toThrow('the issuer is listed twice');
  });

  it('fetches a remote JWKS over HTTP for the health trust domain', async () => {
    const verify = createTokenVerifier(domains());
    const principal = await verify(await token({}, { issuer: health.issuer, audience: health.audience }));
    expect(principal.domain).toBe('health');
  });

  it('rejects alg none', async () => {
    const unsigned = new UnsecuredJWT({ sub: 'anne' })
      .setIssuer(municipal.issuer)
      .setAudience(municipal.audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .encode();
    expect(await rejected(createTokenVerifier(domains())(unsigned))).toEqual({
      status: 401,
      code: 'invalid_token',
    });
  });

  it('rejects an HS256 token signed with the public key as secret (algorithm confusion)', async () => {
    const secret = new TextEncoder().encode(JSON.stringify(publicJwk));
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .setSubject('anne')
      .setIssuer(municipal.issuer)
      .setAudience(municipal.audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(secret);
    expect(await rejected(createTokenVerifier(domains())(forged))).toEqual({
      status: 401,
      code: 'invalid_token',
    });
  });

  it('rejects an untrusted issuer, a wrong audience, and a token signed by another key', async () => {
    const verify = createTokenVerifier(domains());
    expect(await rejected(verify(await token({}, { issuer: 'https://evil.example' })))).toEqual({
      status: 401,
      code: 'untrusted_issuer',
    });
    expect(await rejected(verify(await token({}, { audience: 'other' })))).toEqual({
      status: 401,
      code: 'invalid_token',
    });
    expect(await rejected(verify(await token({}, { key: otherKey })))).toEqual({
      status: 401,
      code: 'invalid_token',
    });
  });

  it('rejects an expired and a not-yet-valid token beyond the clock tolerance', async () => {
    const verify = createTokenVerifier(domains(), 5);
    const now = Math.floor(Date.now() / 1000);
    expect(await rejected(verify(await token({ exp: now - 60, iat: now - 120 })))).toEqual({
      status: 401,
      code: 'token_expired',
    });
    expect(await rejected(verify(await token({ nbf: now + 600 })))).toEqual({
      status: 401,
      code: 'invalid_token',
    });
  });

  it('rejects a tampered payload', async () => {
    const [header, , signature] = (await token()).split('.');
    const payload = Buffer.from(
      JSON.stringify({
        sub: 'boss',
        iss: municipal.issuer,
        aud: municipal.audience,
        iat: 1,
        exp: 9_999_999_999,
      }),
    ).toString('base64url');
    expect(await rejected(createTokenVerifier(domains())(`${header}.${payload}.${signature}`))).toEqual({
      status: 401,
      code: 'invalid_token',
    });
  });

  it('answers 503 when the identity provider’s keys cannot be fetched', async () => {
    const verify = createTokenVerifier([{ ...health, jwksUrl: 'http://127.0.0.1:9/jwks' }]);
    expect(
      await rejected(verify(await token({}, { issuer: health.issuer, audience: health.audience }))),
    ).toEqual({
      status: 503,
      code: 'idp_unavailable',
    });
  });

  it('rejects a garbage string', async () => {
    expect(await rejected(createTokenVerifier(domains())('not-a-jwt'))).toEqual({
      status: 401,
      code: 'invalid_token',
    });
  });
});

describe('createTokenVerifier remembering verified tokens', () => {
  const healthToken = (claims: Record<string, unknown> = {}) =>
    token(claims, { issuer: health.issuer, audience: health.audience });

  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
    jwksUp = true;
  });

  it('answers a repeated token with the same principal without consulting the key set again', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const verify = createTokenVerifier(domains(), 30, { maxAgeMs: 60 * 60_000 });
    const now = Math.floor(Date.now() / 1000);
    const repeated = await healthToken({ exp: now + 7200 });
    const before = jwksRequests;
    const first = await verify(repeated);
    expect(jwksRequests).toBe(before + 1);
    // Past the key set's own cache age (10 min): any signature check now fetches the keys again.
    vi.setSystemTime(Date.now() + 11 * 60_000);
    expect(await verify(repeated)).toBe(first);
    expect(jwksRequests).toBe(before + 1);
    expect((await verify(await healthToken({ exp: now + 7200 }))).subject).toBe('anne');
    expect(jwksRequests).toBe(before + 2);
  });

  it('checks the signature again after at most five minutes', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const signatureChecks = vi.spyOn(crypto.subtle, 'verify');
    const verify = createTokenVerifier(domains());
    const longLived = await token({ exp: Math.floor(Date.now() / 1000) + 3600 });
    await verify(longLived);
    await verify(longLived);
    expect(signatureChecks).toHaveBeenCalledTimes(1);
    vi.setSystemTime(Date.now() + 5 * 60_000 + 1000);
    await verify(longLived);
    expect(signatureChecks).toHaveBeenCalledTimes(2);
  });

  it('refuses a remembered token once it has expired', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const verify = createTokenVerifier(domains(), 0);
    const shortLived = await token({ exp: Math.floor(Date.now() / 1000) + 60 });
    expect((await verify(shortLived)).subject).toBe('anne');
    vi.setSystemTime(Date.now() + 61_000);
    expect(await rejected(verify(shortLived))).toEqual({ status: 401, code: 'token_expired' });
  });

  it('never answers a tampered token from the cache of the genuine one', async () => {
    const verify = createTokenVerifier(domains());
    const genuine = await token();
    await verify(genuine);
    const [header, payload, signature] = genuine.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const tampered = Buffer.from(JSON.stringify({ ...claims, hoi_role: 'psychiatrist' })).toString(
      'base64url',
    );
    expect(await rejected(verify(`${header}.${tampered}.${signature}`))).toEqual({
      status: 401,
      code: 'invalid_token',
    });
    expect((await verify(genuine)).role).toBe('caseworker');
  });

  it('does not remember a failure: the same token passes once the key set is back', async () => {
    const verify = createTokenVerifier(domains());
    const waiting = await healthToken();
    jwksUp = false;
    expect(await rejected(verify(waiting))).toEqual({ status: 503, code: 'idp_unavailable' });
    jwksUp = true;
    expect((await verify(waiting)).domain).toBe('health');
  });

  it('forgets the least recently used token beyond maxEntries', async () => {
    const signatureChecks = vi.spyOn(crypto.subtle, 'verify');
    const verify = createTokenVerifier(domains(), 30, { maxEntries: 2 });
    const [a, b, c] = await Promise.all([token({ jti: 'a' }), token({ jti: 'b' }), token({ jti: 'c' })]);
    for (const t of [a, b, a, c]) await verify(t);
    expect(signatureChecks).toHaveBeenCalledTimes(3);
    await verify(a);
    expect(signatureChecks).toHaveBeenCalledTimes(3);
    await verify(b);
    expect(signatureChecks).toHaveBeenCalledTimes(4);
  });

  it('checks its cache options once, at creation', () => {
    expect(() => createTokenVerifier(domains(), 30, { maxEntries: -1 })).toThrow('maxEntries');
    expect(() => createTokenVerifier(domains(), 30, { maxAgeMs: 1.5 })).toThrow('maxAgeMs');
  });
});
