import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import * as z from 'zod/mini';
import type { TupleKey } from '../../functions/openfga-embedded/vocabulary/types.ts';

const tuple = z.object({
  user: z.string(),
  relation: z.string(),
  object: z.string(),
  condition: z.optional(
    z.object({ name: z.string(), context: z.optional(z.record(z.string(), z.unknown())) }),
  ),
});
const schema = z.union([
  z.array(tuple),
  z.object({ tuples: z.optional(z.array(tuple)), context: z.optional(z.record(z.string(), z.unknown())) }),
]);

/**
 * A request's child facts for `authz:explain`: either a YAML list of tuples, or
 * `{ tuples: [...], context: { current_time: ... } }`.
 */
export async function loadContextualFile(
  path: string,
): Promise<{ tuples: TupleKey[]; context: Record<string, unknown> | undefined }> {
  const parsed = schema.safeParse(parse(await readFile(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path}: expected a list of tuples or { tuples, context }`);
  if (Array.isArray(parsed.data)) return { tuples: parsed.data as TupleKey[], context: undefined };
  return { tuples: (parsed.data.tuples ?? []) as TupleKey[], context: parsed.data.context };
}
