import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../config/parse-env.ts';
import { parseCpr, pseudonym } from '../cpr/cpr.ts';
import { NEMLOGIN_CPR_CLAIM } from './citizen-principal.ts';
import { loadTrustDomains } from './config.ts';
import { openDevIssuer } from './dev-issuer.ts';
import { createTokenVerifier, type TrustDomain } from './token-verifier.ts';

/**
 * The citizen trust domain (MitID): who a citizen is comes from the CPR number
 * the IdP vouches for in a verified token, pseudonymised with the platform key;
 * nothing else a token claims counts.
 */
const key = new Uint8Array(32).fill(7);
const CPR = '6705801234';
const citizenId = () => {
  const parsed = parseCpr(CPR);
  if (!parsed.ok) throw new Error('test CPR must be valid');
  return pseudonym(parsed.cpr, key);
};
const citizenIssuer = 'https://nemlog-in.example';
const municipalIssuer = 'https://idp.aalborg.example';

let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let publicJwk: JWK;
beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  privateKey = pair.privateKey;
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
});

const domains = (): TrustDomain[] => [
  {
    name: 'municipal',
    issuer: municipalIssuer,
    audience: 'hoi',
    municipality: '851',
    jwks: { keys: [publicJwk] },
  },
  {
    name: 'citizen',
    issuer: citizenIssuer,
    audience: 'hoi',
    jwks: { keys: [publicJwk] },
    citizens: { pseudonymKey: key },
  },
];
const sign = (claims: Record<string, unknown>, issuer = citizenIssuer, subject = 'nl3-uuid-1') =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
    .setSubject(subject)
    .setIssuer(issuer)
    .setAudience('hoi')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(privateKey);

describe('citizen tokens', () => {
  it('POL-007.9: a verified citizen token is citizen:<keyed pseudonym of its CPR number>, and the number is kept nowhere', async () => {
    const principal = await createTokenVerifier(domains())(
      await sign({ [NEMLOGIN_CPR_CLAIM]: CPR, name: 'Mette Holm', azp: 'borger-portal' }),
    );
    expect(principal).toEqual({
      user: `citizen:${citizenId()}`,
      subject: citizenId(),
      name: 'citizen',
      role: 'citizen',
      organisation: { id: 'citizen', name: 'citizen' },
      domain: 'citizen',
      issuer: 'https://nemlog-in.example',
      client: 'borger-portal',
    });
    expect(JSON.stringify(principal)).not.toMatch(/670580|Mette/);
  });

  it('POL-007.9: what a citizen token merely claims decides nothing: role, organisation and sub are ignored', async () => {
    const verify = createTokenVerifier(domains());
    const claimsAuditor = await verify(
      await sign(
        { [NEMLOGIN_CPR_CLAIM]: CPR, hoi_role: 'auditor', org_id: '851-revision' },
        citizenIssuer,
        'x',
      ),
    );
    const plain = await verify(await sign({ [NEMLOGIN_CPR_CLAIM]: CPR }, citizenIssuer, 'another-sub'));
    expect(claimsAuditor).toMatchObject({ user: `citizen:${citizenId()}`, role: 'citizen' });
    expect(claimsAuditor.organisation).toEqual({ id: 'citizen', name: 'citizen' });
    expect(plain.user).toBe(claimsAuditor.user);
  });

  it('POL-007.9: a citizen token without a valid CPR number is refused, without echoing it', async () => {
    const verify = createTokenVerifier(domains());
    for (const claims of [{}, { [NEMLOGIN_CPR_CLAIM]: '6799801234' }, { [NEMLOGIN_CPR_CLAIM]: 6705801234 }]) {
      const refusal = await verify(await sign(claims)).catch((e: unknown) => e);
      expect(refusal).toMatchObject({ status: 401, code: 'invalid_token' });
      expect(String((refusal as Error).message)).not.toMatch(/\d{6}/);
    }
  });

  it('POL-007.9: a municipal token carrying a CPR claim is still an employee, never a citizen', async () => {
    const principal = await createTokenVerifier(domains())(
      await sign(
        { [NEMLOGIN_CPR_CLAIM]: CPR, hoi_role: 'caseworker', name: 'Anna', org_id: '851-x', org_name: 'X' },
        municipalIssuer,
        'anna',
      ),
    );
    expect(principal).toMatchObject({ user: 'user:851/anna', domain: 'municipal' });
  });

  it('POL-007.9: the dev citizen issuer is trusted only where citizen tokens are declared', async () => {
    const keyFile = join(await mkdtemp(join(tmpdir(), 'dev-idp-')), 'key.json');
    const guardian = {
      subject: 'mitid-guardian',
      name: 'Mette Holm',
      role: 'custody_holder',
      organisation: { id: 'citizen', name: 'Borger' },
      domain: 'citizen' as const,
      cpr: CPR,
    };
    const token = await (await openDevIssuer(keyFile)).sign(guardian);
    const withCitizens = await openDevIssuer(keyFile, { pseudonymKey: key });
    expect((await createTokenVerifier(withCitizens.trustDomains)(token)).user).toBe(`citizen:${citizenId()}`);
    const without = await openDevIssuer(keyFile);
    await expect(createTokenVerifier(without.trustDomains)(token)).rejects.toMatchObject({
      code: 'untrusted_issuer',
    });
  });
});

describe('loadTrustDomains: the citizen domain', () => {
  const citizenEnv = {
    AUTH_MUNICIPAL_ISSUERS: `851=${municipalIssuer}`,
    AUTH_MUNICIPAL_AUDIENCE: 'hoi',
    AUTH_CITIZEN_ISSUER: citizenIssuer,
    AUTH_CITIZEN_AUDIENCE: 'hoi',
    AUTH_CITIZEN_JWKS_URL: 'https://nemlog-in.example/jwks',
  };

  it('POL-007.9: the citizen IdP is trusted only by a function that declares citizen tokens (gives the key)', async () => {
    expect((await loadTrustDomains(citizenEnv)).map((d) => d.name)).toEqual(['municipal']);
    const trusted = await loadTrustDomains(
      { ...citizenEnv, AUTH_CITIZEN_CPR_CLAIM: 'dk.cpr' },
      { pseudonymKey: key },
    );
    expect(trusted.map((d) => d.name)).toEqual(['municipal', 'citizen']);
    expect(trusted[1]).toMatchObject({
      citizens: { cprClaim: 'dk.cpr' },
      jwksUrl: 'https://nemlog-in.example/jwks',
    });
  });

  it('names the missing variable of a half-configured citizen domain', async () => {
    const { AUTH_CITIZEN_AUDIENCE: _, ...half } = citizenEnv;
    const error = await loadTrustDomains(half, { pseudonymKey: key }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe('AUTH_CITIZEN_AUDIENCE');
  });
});
