import { readFileSync } from 'node:fs';
import * as z from 'zod/mini';
import { ConfigError, parseEnv } from '../runtime/config/parse-env.ts';
import { generateSandboxData } from './data/generate.ts';
import { type SandboxData, sandboxDataSchema } from './data/schema.ts';

export interface SandboxConfig {
  readonly port: number;
  readonly data: SandboxData;
}

const envSchema = z.object({
  PORT: z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(65_535)), 8080),
  /** A JSON file in the shape of `sandboxDataSchema`; without it the sandbox generates its data. */
  SANDBOX_DATA_FILE: z.optional(z.string()),
  /** Seed of the generated data. */
  SANDBOX_SEED: z._default(z.coerce.number().check(z.int(), z.gte(0)), 851),
});

/** Reads the environment once, at start: a bad value stops the sandbox naming the variable. */
export function loadSandboxConfig(env: Readonly<Record<string, string | undefined>>): SandboxConfig {
  const parsed = parseEnv(envSchema, env);
  const data =
    parsed.SANDBOX_DATA_FILE === undefined
      ? generateSandboxData({ seed: parsed.SANDBOX_SEED })
      : readSandboxDataFile(parsed.SANDBOX_DATA_FILE);
  return { port: parsed.PORT, data };
}

/** Loads and validates a data file. The error names the variable and the first bad field, never a value. */
export function readSandboxDataFile(path: string): SandboxData {
  const variable = 'SANDBOX_DATA_FILE';
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason = error instanceof SyntaxError ? 'is not valid JSON' : 'cannot be read';
    throw new ConfigError(variable, `names a file that ${reason}`);
  }
  const result = sandboxDataSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const at = issue?.path.length ? issue.path.join('.') : '(top level)';
    throw new ConfigError(variable, `names a file outside the sandbox data schema: ${at}: ${issue?.message}`);
  }
  return result.data;
}
