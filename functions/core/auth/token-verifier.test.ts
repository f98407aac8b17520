import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../http/app-error.ts';
import { createTokenVerifier, type TrustDomain } from './token-verifier.ts';

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

const municipal = { name: 'municipal', issuer: 'https://idp.aalborg.example', audience: 'hoi' };
const health = { name: 'health', issuer: 'https://sts.health.example', audience: 'hoi-health' };

let privateKey: SigningKey;
let publicJwk: JWK;
let otherKey: SigningKey;
let jwksServer: Server;
let jwksUrl: string;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  privateKey = pair.privateKey;
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  otherKey = (await generateKeyPair('ES256')).privateKey;
  jwksServer = createServer((_req, res) => {
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
      user: 'user:anne',
      subject: 'anne',
      name: 'Anne Andersen',
      role: 'caseworker',
      organisation: { id: 'org:851', name: 'Aalborg' },
      domain: 'municipal',
      client: 'sapa',
    });
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
