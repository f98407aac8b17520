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
}

/** Asymmetric algorithms only: `none` and HMAC (HS/RS confusion) are refused before any key is looked at. */
export const ACCEPTED_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];

export type TokenVerifier = (token: string) => Promise<Principal>;

export function createTokenVerifier(domains: readonly TrustDomain[], clockToleranceSec = 30): TokenVerifier {
  if (domains.length === 0) throw new RangeError('at least one trust domain is required');
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
      return toPrincipal(payload, trusted.domain.name);
    } catch (error) {
      throw toAuthError(error);
    }
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
