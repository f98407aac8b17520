import type { MiddlewareHandler } from 'hono';
import './context.ts';

export const REQUEST_ID_HEADER = 'x-request-id';
/** Anything else is replaced: a caller must not be able to inject log lines or CPR numbers through it. */
const SAFE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Accepts a well-formed `x-request-id`, otherwise makes one; returns it on every response. */
export function requestId(): MiddlewareHandler {
  return async (c, next) => {
    const incoming = c.req.header(REQUEST_ID_HEADER);
    const id = incoming && SAFE_ID.test(incoming) && !looksLikeCpr(incoming) ? incoming : newRequestId();
    c.set('requestId', id);
    c.header(REQUEST_ID_HEADER, id);
    await next();
  };
}

/** A random UUID; about 2% hold ten digits in a row, which log guards would redact — draw again. */
export function newRequestId(): string {
  for (;;) {
    const id = crypto.randomUUID();
    if (!looksLikeCpr(id)) return id;
  }
}

function looksLikeCpr(value: string): boolean {
  return /(?<!\d)\d{6}-?\d{4}(?!\d)/.test(value);
}
