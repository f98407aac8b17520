import type { Context } from 'hono';
import type * as z from 'zod/mini';
import { badRequest } from '../../runtime/http/app-error.ts';

/** Parses a JSON body against a contract; the problem names fields, never echoes values (CPR numbers). */
export async function readBody<S extends z.ZodMiniType>(c: Context, schema: S): Promise<z.infer<S>> {
  let json: unknown;
  try {
    json = await c.req.json();
  } catch {
    throw badRequest('invalid_json', 'The body must be JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.') || '(body)');
    throw badRequest('invalid_request', 'The body does not match the contract', { fields });
  }
  return parsed.data;
}
