import type * as z from 'zod/mini';

/** A configuration value that does not parse. Names the variable, never echoes its value. */
export class ConfigError extends Error {
  readonly variable: string;

  constructor(variable: string, problem: string) {
    super(`${variable} ${problem}`);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Parses the environment once, at start. Empty strings count as unset, so
 * `FOO=` in a manifest falls back to the default instead of failing on "".
 */
export function parseEnv<S extends z.ZodMiniType>(schema: S, env: Env): z.infer<S> {
  const present: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value !== '') present[key] = value;
  }
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new ConfigError(String(issue?.path[0] ?? 'configuration'), describe(issue));
}

function describe(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'is invalid';
  switch (issue.code) {
    case 'invalid_value':
      return `must be one of: ${issue.values.map(String).join(', ')}`;
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `must be a ${issue.expected}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}`;
    case 'too_small':
      return `must be at least ${String(issue.minimum)}`;
    case 'invalid_format':
      // A regex check carries its own wording (e.g. "must be a ULID").
      return issue.format === 'regex' ? issue.message : `must be a valid ${issue.format}`;
    case 'custom':
      return issue.message;
    default:
      return 'is invalid';
  }
}
