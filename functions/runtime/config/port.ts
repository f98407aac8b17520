import * as z from 'zod/mini';
import { parseEnv } from './parse-env.ts';

/** `PORT` (Knative sets it), default 8080. */
export function parsePort(env: Readonly<Record<string, string | undefined>>): number {
  return parseEnv(
    z.object({ PORT: z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(65_535)), 8080) }),
    env,
  ).PORT;
}
