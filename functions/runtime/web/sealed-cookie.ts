import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { EncryptJWT, jwtDecrypt } from 'jose';

export interface SealedCookieOptions {
  /** 32 bytes: the AES-256-GCM key (a Secret's value, never a constant). */
  readonly key: Uint8Array;
  readonly name: string;
  /** The cookie's path: the page's mount point, so no other function on the host receives it. */
  readonly path: string;
  /** What the cookie is for: a value sealed for one purpose never opens as another. */
  readonly purpose: string;
  /** Longest a sealed value lasts, whatever a caller asks for. */
  readonly maxAgeSec: number;
}

export interface SealedCookie<T> {
  /** Seals `value` into the cookie for `ttlSec` (bounded by `maxAgeSec`). */
  write(c: Context, value: T, ttlSec?: number): Promise<void>;
  /** The value, or undefined when absent, expired, tampered with or sealed for another purpose. */
  read(c: Context): Promise<T | undefined>;
  clear(c: Context): void;
}

/**
 * A value kept in the browser, encrypted and authenticated (JWE `dir` +
 * `A256GCM`, jose): the server keeps no session state, so any replica reads
 * it, and the browser can neither read nor change what is inside. The cookie
 * is `Secure`, `HttpOnly` and `SameSite=Lax` (a record system's redirect
 * back is a top-level navigation from another site); its lifetime is bounded
 * twice, by the cookie's `Max-Age` and by the sealed expiry.
 */
export function sealedCookie<T>(options: SealedCookieOptions): SealedCookie<T> {
  if (options.key.byteLength !== 32) throw new RangeError('a sealed cookie needs a 32-byte key');
  if (!Number.isInteger(options.maxAgeSec) || options.maxAgeSec <= 0)
    throw new RangeError('maxAgeSec must be a positive integer');
  const { key, name, path, purpose } = options;
  return {
    async write(c, value, ttlSec = options.maxAgeSec) {
      const lifetime = Math.max(1, Math.min(Math.floor(ttlSec), options.maxAgeSec));
      const sealed = await new EncryptJWT({ v: value as unknown })
        .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
        .setAudience(purpose)
        .setIssuedAt()
        .setExpirationTime(`${lifetime}s`)
        .encrypt(key);
      setCookie(c, name, sealed, { path, httpOnly: true, secure: true, sameSite: 'Lax', maxAge: lifetime });
    },
    async read(c) {
      const sealed = getCookie(c, name);
      if (!sealed) return undefined;
      try {
        const { payload } = await jwtDecrypt(sealed, key, {
          audience: purpose,
          keyManagementAlgorithms: ['dir'],
          contentEncryptionAlgorithms: ['A256GCM'],
          requiredClaims: ['exp'],
        });
        return payload.v as T;
      } catch {
        return undefined;
      }
    },
    clear(c) {
      deleteCookie(c, name, { path, httpOnly: true, secure: true, sameSite: 'Lax' });
    },
  };
}

/** A fresh random token (CSRF, OAuth `state`, PKCE verifier): 32 bytes, base64url. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Whether `given` is `expected`, in time independent of where they differ. */
export function sameToken(expected: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
