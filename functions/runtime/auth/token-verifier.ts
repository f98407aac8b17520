import { createHash } from 'node:crypto';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  errors,
  type JSONWebKeySet,
  type JWTPayload,
  jwtVerify,
} from 'jose';
import { AppError, unauthorized } from '../http/app-error.ts';
import { type CitizenTokens, citizenPrincipal } from './citizen-principal.ts';
import type { Principal } from './principal.ts';

/** One identity provider the platform trusts: the municipal IdP or the health side's. */
export interface TrustDomain {
  readonly name: string;
  readonly issuer: string;
  readonly audience: string;
  /** Remote JWKS (production) … */
  readonly jwksUrl?: string;
  /** … or a local key set (the development issuer). */
  readonly jwks?: JSONWebKeySet;
  /** Set for a citizen domain (MitID): its tokens name a citizen by CPR, never an employee. */
  readonly citizens?: CitizenTokens;
}

/** Asymmetric algorithms only: `none` and HMAC (HS/RS confusion) are refused before any key is looked at. */
export const ACCEPTED_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];

export type TokenVerifier = (token: string) => Promise<Principal>;

export interface VerificationCacheOptions {
  /** Longest a verified token is trusted without checking its signature again. @default 300000 */
  readonly maxAgeMs?: number;
  /** Tokens remembered; the least recently used is forgotten first. @default 10000 */
  readonly maxEntries?: number;
}

export function createTokenVerifier(
  domains: readonly TrustDomain[],
  clockToleranceSec = 30,
  cache: VerificationCacheOptions = {},
): TokenVerifier {
  if (domains.length === 0) throw new RangeError('at least one trust domain is required');
  const verified = verificationCache(cache);
  const byIssuer = new Map(
    domains.map((d) => {
      if (!d.jwksUrl === !d.jwks)
        throw new RangeError(`trust domain ${d.name}: give exactly one of jwksUrl and jwks`);
      const keys = d.jwks
        ? createLocalJWKSet(d.jwks)
        : createRemoteJWKSet(new URL(d.jwksUrl!), { timeoutDuration: 3000 });
      return [d.issuer, { domain: d, keys }] as const;
    }),
  );

  return async (token) => {
    const key = createHash('sha256').update(token).digest('base64url');
    const known = verified.get(key);
    if (known) return known;
    let issuer: string | undefined;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      throw unauthorized('invalid_token', 'The bearer token is not a JWT');
    }
    const trusted = issuer === undefined ? undefined : byIssuer.get(issuer);
    if (!trusted)
      throw unauthorized('untrusted_issuer', 'The token was not issued by a trusted identity provider');
    try {
      const { payload } = await jwtVerify(token, trusted.keys, {
        issuer: trusted.domain.issuer,
        audience: trusted.domain.audience,
        algorithms: ACCEPTED_ALGORITHMS,
        clockTolerance: clockToleranceSec,
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      const { citizens, name } = trusted.domain;
      const principal = citizens ? citizenPrincipal(payload, name, citizens) : toPrincipal(payload, name);
      verified.set(key, principal, payload.exp! * 1000);
      return principal;
    } catch (error) {
      throw toAuthError(error);
    }
  };
}

/**
 * Principals of tokens verified lately, keyed by a SHA-256 of the exact token
 * (the token itself is not kept), so a caller's next requests skip the
 * signature check. An entry lasts until the token's `exp` — never into the
 * clock tolerance — and at most `maxAgeMs`, which bounds how long a key
 * withdrawn from the IdP's key set still counts. Only successes are stored.
 */
function verificationCache({ maxAgeMs = 300_000, maxEntries = 10_000 }: VerificationCacheOptions) {
  if (!Number.isInteger(maxAgeMs) || maxAgeMs < 0) throw new RangeError('maxAgeMs must be an integer ≥ 0');
  if (!Number.isInteger(maxEntries) || maxEntries < 0)
    throw new RangeError('maxEntries must be an integer ≥ 0');
  // A Map iterates in insertion order: re-inserting on each hit keeps the least recently used first.
  const entries = new Map<string, { principal: Principal; until: number }>();
  return {
    get(key: string): Principal | undefined {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      if (entry.until <= Date.now()) return undefined;
      entries.set(key, entry);
      return entry.principal;
    },
    set(key: string, principal: Principal, expiresAt: number): void {
      const until = Math.min(expiresAt, Date.now() + maxAgeMs);
      if (until <= Date.now() || maxEntries === 0) return;
      // One object now serves many requests: none may change it for the others.
      Object.freeze(principal.organisation);
      entries.set(key, { principal: Object.freeze(principal), until });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },
  };
}

function toAuthError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof errors.JWTExpired)
    return unauthorized('token_expired', 'The bearer token has expired');
  if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError)) {
    return new AppError(503, 'idp_unavailable', 'The identity provider’s keys could not be fetched', {
      cause: error,
    });
  }
  return unauthorized('invalid_token', 'The bearer token is not valid');
}

function toPrincipal(payload: JWTPayload, domain: string): Principal {
  const subject = payload.sub!;
  if (!/^[A-Za-z0-9._@:-]{1,128}$/.test(subject))
    throw unauthorized('invalid_token', 'The token subject is malformed');
  const text = (key: string) => (typeof payload[key] === 'string' ? (payload[key] as string) : undefined);
  const client = text('azp') ?? text('client_id');
  return {
    user: `user:${subject}`,
    subject,
    name: text('name') ?? subject,
    role: text('hoi_role') ?? 'unknown',
    organisation: { id: text('org_id') ?? 'unknown', name: text('org_name') ?? 'unknown' },
    domain,
    ...(client ? { client } : {}),
  };
}
