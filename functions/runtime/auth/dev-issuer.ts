import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JSONWebKeySet, type JWK, SignJWT } from 'jose';
import { MUNICIPALITIES } from '../reference/municipalities.ts';
import { type CitizenTokens, NEMLOGIN_CPR_CLAIM } from './citizen-principal.ts';
import type { TrustDomain } from './token-verifier.ts';

/**
 * The local development identity provider: one ES256 key, kept in a file so
 * tokens printed by `npm run dev:token` verify in a platform started by
 * `npm start`. It exists for local use only; production trusts the
 * municipal, health and citizen (MitID) IdPs.
 */
export const DEV_AUDIENCE = 'hoi-platform';
/** The health side's development issuer; each municipality has its own (`devMunicipalIssuer`). */
export const DEV_HEALTH_ISSUER = 'urn:hoi:dev-idp:health';
/** A municipality's development issuer: as in production, one municipality's IdP vouches only for its staff. */
export const devMunicipalIssuer = (code: string) => `urn:hoi:dev-idp:municipal:${code}`;
/** The development MitID: vouches for a citizen by CPR number, as NemLog-in does. */
export const DEV_CITIZEN_ISSUER = 'urn:hoi:dev-idp:citizen';

export interface DevIdentity {
  readonly subject: string;
  readonly name: string;
  readonly role: string;
  readonly organisation: { readonly id: string; readonly name: string };
  readonly domain: 'municipal' | 'health' | 'citizen';
  /** For `municipal`: the municipality whose IdP signs the token. */
  readonly municipality?: string;
  /** A citizen's (synthetic) CPR number, which the dev MitID vouches for as NemLog-in does. */
  readonly cpr?: string;
}

export interface DevIssuer {
  readonly trustDomains: readonly TrustDomain[];
  sign(identity: DevIdentity, lifetimeSec?: number): Promise<string>;
  /**
   * A signed single-use launch token (`typ: launch+jwt`) for a page that takes one
   * (runtime/web/launch-token.ts): the identity's issuer and subject, the child's
   * CPR number in `patient_cpr`, a fresh `jti`. `issuedAt` back-dates it (tests of expiry).
   */
  signLaunch(identity: DevIdentity, launch: DevLaunch): Promise<string>;
}

export interface DevLaunch {
  readonly audience: string;
  readonly patientCpr: string;
  /** @default 120 */
  readonly lifetimeSec?: number;
  /** @default now */
  readonly issuedAt?: Date;
  /** @default a random UUID */
  readonly jti?: string;
}

interface StoredKey {
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
}

/**
 * `citizens`: also trust the dev citizen issuer, as a function that declares
 * citizen tokens does (its tokens name a citizen by CPR, pseudonymised with that key).
 */
export async function openDevIssuer(keyFile: string, citizens?: CitizenTokens): Promise<DevIssuer> {
  const stored = await loadOrCreateKey(keyFile);
  const privateKey = await importJWK(stored.privateJwk, 'ES256');
  const jwks: JSONWebKeySet = { keys: [stored.publicJwk] };
  return {
    trustDomains: [
      { name: 'health', issuer: DEV_HEALTH_ISSUER, audience: DEV_AUDIENCE, jwks },
      ...[...MUNICIPALITIES.keys()].map((municipality) => ({
        name: 'municipal' as const,
        issuer: devMunicipalIssuer(municipality),
        municipality,
        audience: DEV_AUDIENCE,
        jwks,
      })),
      ...(citizens
        ? [{ name: 'citizen' as const, issuer: DEV_CITIZEN_ISSUER, audience: DEV_AUDIENCE, jwks, citizens }]
        : []),
    ],
    sign: async (identity, lifetimeSec = 8 * 3600) =>
      new SignJWT({
        name: identity.name,
        ...(identity.domain === 'citizen'
          ? { [NEMLOGIN_CPR_CLAIM]: identity.cpr }
          : {
              hoi_role: identity.role,
              org_id: identity.organisation.id,
              org_name: identity.organisation.name,
            }),
        azp: 'hoi-dev',
      })
        .setProtectedHeader({ alg: 'ES256', kid: stored.publicJwk.kid!, typ: 'JWT' })
        .setSubject(identity.subject)
        .setIssuer(issuerOf(identity))
        .setAudience(DEV_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${lifetimeSec}s`)
        .sign(privateKey),
    signLaunch: async (identity, launch) => {
      const iat = Math.floor((launch.issuedAt ?? new Date()).getTime() / 1000);
      return new SignJWT({ patient_cpr: launch.patientCpr })
        .setProtectedHeader({ alg: 'ES256', kid: stored.publicJwk.kid!, typ: 'launch+jwt' })
        .setSubject(identity.subject)
        .setIssuer(issuerOf(identity))
        .setAudience(launch.audience)
        .setIssuedAt(iat)
        .setExpirationTime(iat + (launch.lifetimeSec ?? 120))
        .setJti(launch.jti ?? randomUUID())
        .sign(privateKey);
    },
  };
}

function issuerOf(identity: DevIdentity): string {
  if (identity.domain === 'health') return DEV_HEALTH_ISSUER;
  if (identity.domain === 'citizen') return DEV_CITIZEN_ISSUER;
  if (!identity.municipality) throw new RangeError('a municipal identity needs its municipality');
  return devMunicipalIssuer(identity.municipality);
}

async function loadOrCreateKey(keyFile: string): Promise<StoredKey> {
  try {
    return JSON.parse(await readFile(keyFile, 'utf8')) as StoredKey;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const pair = await generateKeyPair('ES256', { extractable: true });
  const kid = `dev-${Date.now().toString(36)}`;
  const stored: StoredKey = {
    privateJwk: { ...(await exportJWK(pair.privateKey)), kid, alg: 'ES256' },
    publicJwk: { ...(await exportJWK(pair.publicKey)), kid, alg: 'ES256', use: 'sig' },
  };
  await mkdir(dirname(keyFile), { recursive: true });
  // `wx`: when two processes start at once, the second reads the first one's key.
  try {
    await writeFile(keyFile, JSON.stringify(stored), { mode: 0o600, flag: 'wx' });
    return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return JSON.parse(await readFile(keyFile, 'utf8')) as StoredKey;
  }
}
