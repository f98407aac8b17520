import type { Context, MiddlewareHandler } from 'hono';
import { AppError, badRequest } from '../http/app-error.ts';

/**
 * The Content-Security-Policy of a server-rendered page: nothing but the page's
 * own stylesheet and images, no script at all (inline or not), no inline style,
 * forms that post only to the page's own origin, no framing, no `<base>`.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** Sets the page CSP on every answer of the routes it guards (problem documents included). */
export function pageSecurity(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.header('content-security-policy', PAGE_CSP);
    c.header('x-content-type-options', 'nosniff');
  };
}

/** A form body's text fields, at most `maxFields`, each at most `maxLength` characters; files are refused. */
export async function readForm(
  c: Context,
  limits: { maxFields?: number; maxLength?: number } = {},
): Promise<Readonly<Record<string, string>>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/x-www-form-urlencoded\b/i.test(type))
    throw new AppError(
      415,
      'unsupported_media_type',
      'The form must be sent as application/x-www-form-urlencoded',
    );
  let body: Record<string, string | File | (string | File)[]>;
  try {
    body = await c.req.parseBody({ all: false });
  } catch (error) {
    throw new AppError(400, 'invalid_form', 'The form could not be read', { cause: error });
  }
  const entries = Object.entries(body);
  if (entries.length > (limits.maxFields ?? 16))
    throw badRequest('invalid_form', 'The form has too many fields');
  const fields: Record<string, string> = {};
  for (const [name, value] of entries) {
    if (typeof value !== 'string' || value.length > (limits.maxLength ?? 8192))
      throw badRequest('invalid_form', 'A form field is not text or is too long');
    fields[name] = value;
  }
  return fields;
}
