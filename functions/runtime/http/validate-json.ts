import type { Context } from 'hono';
import type * as z from 'zod/mini';
import { AppError, badRequest } from './app-error.ts';

/**
 * Reads and validates a JSON body. Errors name the field paths and rule codes
 * only, never a submitted value: a body may hold a CPR number.
 */
export async function readJson<S extends z.ZodMiniType>(c: Context, schema: S): Promise<z.infer<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new AppError(415, 'unsupported_media_type', 'The body must be application/json');
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw badRequest('invalid_json', 'The body is not valid JSON');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.') || '(body)',
      code: issue.code,
    }));
    throw badRequest('invalid_request', 'The body does not match the request schema', { errors });
  }
  return parsed.data;
}
