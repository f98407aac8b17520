import { errors, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { ACCEPTED_ALGORITHMS, type TrustDomain, trustDomainKeys } from '../auth/token-verifier.ts';
import { AppError } from '../http/app-error.ts';

/** The JOSE `typ` of a launch token: an access token (`JWT`) is never accepted as one. */
export const LAUNCH_TOKEN_TYPE = 'launch+jwt';
/** The claim holding the CPR number of the patient (the child) in context. */
export const PATIENT_CPR_CLAIM = 'patient_cpr';

export interface LaunchTokenOptions {
  /** The trust domains whose issuers may launch: a citizen domain is never one. */
  readonly domains: readonly TrustDomain[];
  /** The `aud` a launch token must name: the page's own launch URL. */
  readonly audience: string;
  /** Longest lifetime (`exp - iat`) accepted. @default 300 */
  readonly maxLifetimeSec?: number;
  /** @default 30 */
  readonly clockToleranceSec?: number;
  readonly clock?: () => Date;
  /** Launch tokens remembered until they expire, so each is used once. @default 100000 */
  readonly maxRemembered?: number;
}

/** What a verified launch token says: who launched (in its issuer's scope) and the child in context. */
export interface Launch {
  readonly issuer: string;
  readonly subject: string;
  readonly patientCpr: string;
}

export type LaunchTokenVerifier = (token: string) => Promise<Launch>;

const refuse = (code: string, message: string, cause?: unknown) =>
  new AppError(401, code, message, cause === undefined ? undefined : { cause });

/**
 * A signed, short-lived, single-use launch token, the simple alternative to a
 * SMART launch for a record system that posts a form: signed by a trust
 * domain the platform already trusts (`iss`, its keys), `typ: launch+jwt`,
 * `aud` this page, `exp` close after `iat`, a `jti` never seen before and the
 * child's CPR number in `patient_cpr` (it travels in the POST body only).
 * Refusals: `launch_invalid` (not a launch token, a bad signature, a claim
 * missing), `launch_untrusted_issuer`, `launch_expired`, `launch_replayed`.
 * The remembered `jti`s live in this process: one replica keeps single use.
 */
export function createLaunchTokenVerifier(options: LaunchTokenOptions): LaunchTokenVerifier {
  const maxLifetime = options.maxLifetimeSec ?? 300;
  const tolerance = options.clockToleranceSec ?? 30;
  const clock = options.clock ?? (() => new Date());
  const maxRemembered = options.maxRemembered ?? 100_000;
  const keys = new Map<string, JWTVerifyGetKey>();
  for (const domain of options.domains) {
    if (domain.citizens) continue;
    keys.set(domain.issuer, trustDomainKeys(domain));
  }
  if (keys.size === 0)
    throw new RangeError('a launch needs at least one trust domain that is not a citizen one');
  /** `iss` + `jti` → when the token expires (ms); forgotten only after that. */
  const seen = new Map<string, number>();

  const remember = (id: string, expiresAtMs: number) => {
    const now = clock().getTime();
    for (const [known, until] of seen) {
      if (until + tolerance * 1000 < now) seen.delete(known);
      else break;
    }
    if (seen.size >= maxRemembered)
      throw new AppError(503, 'launch_unavailable', 'Too many launches at once; try again shortly');
    seen.set(id, expiresAtMs);
  };

  return async (token) => {
    let payload: Awaited<ReturnType<typeof jwtVerify>>['payload'];
    try {
      const [header] = token.split('.');
      const parsed = JSON.parse(Buffer.from(header ?? '', 'base64url').toString()) as { typ?: unknown };
      if (parsed.typ !== LAUNCH_TOKEN_TYPE) throw new Error('not a launch token');
      const unverified = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
        iss?: unknown;
      };
      const issuerKeys = typeof unverified.iss === 'string' ? keys.get(unverified.iss) : undefined;
      if (!issuerKeys)
        throw refuse('launch_untrusted_issuer', 'The launch was not issued by a trusted identity provider');
      ({ payload } = await jwtVerify(token, issuerKeys, {
        audience: options.audience,
        algorithms: ACCEPTED_ALGORITHMS,
        typ: LAUNCH_TOKEN_TYPE,
        clockTolerance: tolerance,
        currentDate: clock(),
        requiredClaims: ['iss', 'sub', 'exp', 'iat', 'jti', PATIENT_CPR_CLAIM],
      }));
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (error instanceof errors.JWTExpired) throw refuse('launch_expired', 'The launch has expired', error);
      if (error instanceof errors.JWKSTimeout)
        throw new AppError(503, 'idp_unavailable', 'The identity provider’s keys could not be fetched', {
          cause: error,
        });
      throw refuse('launch_invalid', 'The launch is not a valid launch token', error);
    }
    const { iss, sub, exp, iat, jti } = payload as {
      iss: string;
      sub: string;
      exp: number;
      iat: number;
      jti: string;
    };
    const cpr = payload[PATIENT_CPR_CLAIM];
    if (exp - iat > maxLifetime) throw refuse('launch_invalid', `A launch may last at most ${maxLifetime} s`);
    if (typeof cpr !== 'string' || jti.length > 200)
      throw refuse('launch_invalid', 'The launch is malformed');
    const id = `${iss} ${jti}`;
    if (seen.has(id)) throw refuse('launch_replayed', 'The launch has been used already');
    remember(id, exp * 1000);
    return { issuer: iss, subject: sub, patientCpr: cpr };
  };
}
