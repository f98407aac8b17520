import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevIdentity, type DevIssuer, openDevIssuer } from '../auth/dev-issuer.ts';
import type { AppError } from '../http/app-error.ts';
import { createLaunchTokenVerifier, type LaunchTokenVerifier } from './launch-token.ts';

const AUDIENCE = 'https://portal.example/launch';
const GP: DevIdentity = {
  subject: 'gp-1',
  name: 'Dr. Test',
  role: 'gp',
  organisation: { id: '953741000016009', name: 'Lægerne Torvet' },
  domain: 'health',
};
const CPR = '6701161234';
let dir: string;
let issuer: DevIssuer;
let verify: LaunchTokenVerifier;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hoi-launch-'));
  issuer = await openDevIssuer(join(dir, 'key.json'));
  verify = createLaunchTokenVerifier({ domains: issuer.trustDomains, audience: AUDIENCE });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const refusal = async (token: string, check = verify) =>
  (
    (await check(token).then(
      () => undefined,
      (e: unknown) => e,
    )) as AppError | undefined
  )?.code;

describe('signed single-use launch tokens', () => {
  it('a token of a trusted issuer, for this page, names the professional and the child once', async () => {
    const token = await issuer.signLaunch(GP, { audience: AUDIENCE, patientCpr: CPR });
    expect(await verify(token)).toEqual({
      issuer: 'urn:hoi:dev-idp:health',
      subject: 'gp-1',
      patientCpr: CPR,
    });
    expect(await refusal(token)).toBe('launch_replayed');
  });

  it('refuses an expired launch', async () => {
    const token = await issuer.signLaunch(GP, {
      audience: AUDIENCE,
      patientCpr: CPR,
      issuedAt: new Date(Date.now() - 10 * 60_000),
    });
    expect(await refusal(token)).toBe('launch_expired');
  });

  it('refuses a launch signed with a key the trust domain does not hold (forged)', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ patient_cpr: CPR })
      .setProtectedHeader({ alg: 'ES256', typ: 'launch+jwt', kid: 'forged' })
      .setIssuer('urn:hoi:dev-idp:health')
      .setSubject('gp-1')
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('60s')
      .setJti('forged-1')
      .sign(privateKey);
    expect(await refusal(forged)).toBe('launch_invalid');
    expect(await refusal('not.a.jwt')).toBe('launch_invalid');
  });

  it('refuses an unknown issuer, another audience, an access token and a too-long lifetime', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const other = await new SignJWT({ patient_cpr: CPR })
      .setProtectedHeader({ alg: 'ES256', typ: 'launch+jwt' })
      .setIssuer('https://idp.unknown.example')
      .setSubject('x')
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('60s')
      .setJti('o-1')
      .sign(privateKey);
    expect(await refusal(other)).toBe('launch_untrusted_issuer');
    expect(
      await refusal(await issuer.signLaunch(GP, { audience: 'https://elsewhere/launch', patientCpr: CPR })),
    ).toBe('launch_invalid');
    expect(await refusal(await issuer.sign(GP))).toBe('launch_invalid');
    expect(
      await refusal(await issuer.signLaunch(GP, { audience: AUDIENCE, patientCpr: CPR, lifetimeSec: 3600 })),
    ).toBe('launch_invalid');
  });

  it('never takes a citizen domain as a launcher', async () => {
    const citizens = await openDevIssuer(join(dir, 'key.json'), { pseudonymKey: new Uint8Array(32) });
    const onlyCitizen = citizens.trustDomains.filter((d) => d.name === 'citizen');
    expect(onlyCitizen).toHaveLength(1);
    expect(() => createLaunchTokenVerifier({ domains: onlyCitizen, audience: AUDIENCE })).toThrow(
      /not a citizen/,
    );
  });

  it('answers 503 instead of forgetting a jti when its memory is full', async () => {
    const small = createLaunchTokenVerifier({
      domains: issuer.trustDomains,
      audience: AUDIENCE,
      maxRemembered: 1,
    });
    await small(await issuer.signLaunch(GP, { audience: AUDIENCE, patientCpr: CPR }));
    expect(await refusal(await issuer.signLaunch(GP, { audience: AUDIENCE, patientCpr: CPR }), small)).toBe(
      'launch_unavailable',
    );
  });
});
