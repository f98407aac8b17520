import { ConfigError } from './parse-env.ts';

/** A key given as base64 or hex in an environment variable (from a Kubernetes Secret); at least 32 bytes. */
export function parseKey(env: Readonly<Record<string, string | undefined>>, variable: string): Uint8Array {
  const value = env[variable];
  if (!value) throw new ConfigError(variable, 'is required (base64 or hex, at least 32 bytes)');
  const bytes =
    /^[0-9a-f]+$/i.test(value) && value.length % 2 === 0
      ? Buffer.from(value, 'hex')
      : Buffer.from(value, 'base64');
  if (bytes.byteLength < 32) throw new ConfigError(variable, 'must hold at least 32 bytes');
  return new Uint8Array(bytes);
}
