import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { ConfigError, parseEnv } from './parse-env.ts';

const schema = z.object({
  MODE: z._default(z.enum(['embedded', 'openfga']), 'embedded'),
  TIMEOUT_MS: z._default(z.coerce.number().check(z.int(), z.gte(50), z.lte(60_000)), 2000),
  API_URL: z.optional(z.url()),
  SECRET: z.string(),
});

function failure(env: Record<string, string>): ConfigError {
  try {
    parseEnv(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseEnv', () => {
  it('applies defaults and coerces numbers', () => {
    expect(parseEnv(schema, { SECRET: 's', TIMEOUT_MS: '150' })).toEqual({
      MODE: 'embedded',
      TIMEOUT_MS: 150,
      SECRET: 's',
    });
  });

  it('treats an empty string as unset so the default applies', () => {
    expect(parseEnv(schema, { SECRET: 's', MODE: '' }).MODE).toBe('embedded');
  });

  it('names the variable and the rule, never the value', () => {
    const error = failure({ SECRET: 'hunter2', MODE: 'magic' });
    expect(error.variable).toBe('MODE');
    expect(error.message).toBe('MODE must be one of: embedded, openfga');
    expect(failure({ SECRET: 'hunter2', TIMEOUT_MS: '99999' }).message).toBe(
      'TIMEOUT_MS must be at most 60000',
    );
    expect(failure({ SECRET: 'x', API_URL: 'not a url' }).message).toBe('API_URL must be a valid url');
    expect(failure({}).message).toBe('SECRET is required');
  });
});
