import { createHash } from 'node:crypto';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  errors,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';
import { AppError, unauthorized } from '../http/app-error.ts';
import { neutralise } from '../log/neutralise.ts';
import { type CitizenTokens, citizenPrincipal } from './citizen-principal.ts';
import { type Principal, scopedUser } from './principal.ts';

/**
 * One identity provider the platform trusts: a municipality's IdP (its
 * employees) or the health side's. Its keys come from a JWKS URL, from the
 * issuer's OpenID discovery document when no URL is given, or — the
 * development issuer — from a local key set.
 */
export interface TrustDomain {
  readonly name: 'municipal' | 'health' | 'citizen';
  readonly issuer: string;
  readonly audience: string;
  /** For `municipal`: the municipality whose employees this IdP vouches for (three digits). */
  readonly municipality?: string;
  readonly jwksUrl?: string;
  readonly jwks?: JSONWebKeySet;
  /** Set for a citizen domain (MitID): its tokens name a citizen by CPR, never an employee. */
  readonly citizens?: CitizenTokens;
}

/** The claims an audit record needs; a token without them is refused (`incomplete_token`). */
export const REQUIRED_CLAIMS = ['name', 'hoi_role', 'org_id', 'org_name'] as const;

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
  const byIssuer = new Map<string, { domain: TrustDomain; keys: JWTVerifyGetKey }>();
  for (const d of domains) {
    if (d.jwksUrl && d.jwks) throw new RangeError(`trust domain ${d.issuer}: give jwksUrl or jwks, not both`);
    if (d.name === 'municipal' && !/^\d{3}$/.test(d.municipality ?? '')) {
      throw new RangeError(`trust domain ${d.issuer}: a municipal IdP needs its municipality's code`);
    }
    if (byIssuer.has(d.issuer)) throw new RangeError(`trust domain ${d.issuer}: the issuer is listed twice`);
    byIssuer.set(d.issuer, { domain: d, keys: trustDomainKeys(d) });
  }

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
      const { citizens } = trusted.domain;
      const principal = citizens
        ? citizenPrincipal(payload, trusted.domain, citizens)
        : toPrincipal(payload, trusted.domain);
      verified.set(key, principal, payload.exp! * 1000);
      return principal;
    } catch (error) {
      throw toAuthError(error);
    }
  };
}

/** The keys a trust domain signs with: its own key set, its JWKS URL, or its issuer's OpenID discovery. */
export function trustDomainKeys(d: TrustDomain): JWTVerifyGetKey {
  if (d.jwks) return createLocalJWKSet(d.jwks);
  if (d.jwksUrl) return createRemoteJWKSet(new URL(d.jwksUrl), { timeoutDuration: 3000 });
  return discoveredKeys(d.issuer);
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

/**
 * Who the verified token names, in its trust domain's scope. What the record
 * needs must be there (REQUIRED_CLAIMS); text that reaches a log or a citizen's
 * access view is neutralised (control and bidi characters).
 */
function toPrincipal(payload: JWTPayload, domain: TrustDomain): Principal {
  const subject = payload.sub!;
  if (!/^[A-Za-z0-9._@-]{1,128}$/.test(subject))
    throw unauthorized('invalid_token', 'The token subject is malformed');
  const text = (key: string) =>
    typeof payload[key] === 'string' && payload[key].length > 0 && payload[key].length <= 200
      ? neutralise(payload[key] as string)
      : undefined;
  const missing = REQUIRED_CLAIMS.filter((claim) => text(claim) === undefined);
  if (missing.length > 0) {
    throw unauthorized(
      'incomplete_token',
      `The token lacks what the access log needs: ${missing.join(', ')}`,
    );
  }
  const client = text('azp') ?? text('client_id');
  return {
    user: scopedUser({ domain: domain.name, municipality: domain.municipality }, subject),
    subject,
    name: text('name')!,
    role: text('hoi_role')!,
    organisation: { id: text('org_id')!, name: text('org_name')! },
    domain: domain.name,
    issuer: domain.issuer,
    ...(domain.municipality ? { municipality: domain.municipality } : {}),
    ...(client ? { client } : {}),
  };
}

/**
 * The issuer's keys by OpenID Connect discovery (`<issuer>/.well-known/openid-configuration`
 * → `jwks_uri`), looked up on first use and again after a failure: a target lists
 * issuers, not key URLs, and an IdP may move its keys.
 */
function discoveredKeys(issuer: string): JWTVerifyGetKey {
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const discover = async (): Promise<JWTVerifyGetKey> => {
    const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
    const document = response.ok ? ((await response.json()) as { jwks_uri?: unknown }) : {};
    if (typeof document.jwks_uri !== 'string' || !/^https?:\/\//.test(document.jwks_uri)) {
      throw new errors.JWKSTimeout('the identity provider published no usable jwks_uri');
    }
    return createRemoteJWKSet(new URL(document.jwks_uri), { timeoutDuration: 3000 });
  };
  return async (header, token) => {
    keys ??= discover().catch((error: unknown) => {
      keys = undefined;
      throw error instanceof errors.JOSEError ? error : new errors.JWKSTimeout('discovery failed');
    });
    return (await keys)(header, token);
  };
}
