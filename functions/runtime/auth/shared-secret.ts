import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { unauthorized } from '../http/app-error.ts';

/**
 * A bearer credential shared with one system caller (a message gateway, a
 * schedule): the request goes on only with exactly that token. Digests have
 * equal length, so the comparison takes the same time whatever was sent.
 */
export function sharedSecret(secret: string): MiddlewareHandler {
  const expected = digest(secret);
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (!header?.startsWith('Bearer ')) throw unauthorized('missing_token', 'A bearer token is required');
    if (!timingSafeEqual(digest(header.slice('Bearer '.length)), expected))
      throw unauthorized('invalid_token', 'The token is not valid');
    await next();
  };
}

const digest = (value: string) => createHash('sha256').update(value).digest();
