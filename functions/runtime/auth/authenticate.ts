import type { MiddlewareHandler } from 'hono';
import { unauthorized } from '../http/app-error.ts';
import './principal.ts';
import type { TokenVerifier } from './token-verifier.ts';

/** Requires `Authorization: Bearer <JWT>` from a trusted domain; puts the principal on the context. */
export function authenticate(verify: TokenVerifier): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header('authorization');
    const match = header ? /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/.exec(header) : null;
    if (!match) {
      c.header('www-authenticate', 'Bearer');
      throw unauthorized('missing_token', 'A bearer token is required');
    }
    c.set('principal', await verify(match[1]!));
    await next();
  };
}
