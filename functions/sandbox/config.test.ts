import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../runtime/config/parse-env.ts';
import { loadSandboxConfig } from './config.ts';
import { generateSandboxData } from './data/generate.ts';

const dir = mkdtempSync(join(tmpdir(), 'sandbox-config-'));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const small = generateSandboxData({ today: new Date('2026-11-25T10:00:00Z'), minChildren: 5 });

function configError(env: Record<string, string>): ConfigError {
  try {
    loadSandboxConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadSandboxConfig', () => {
  it('generates the data and listens on 8080 when nothing is set', () => {
    const config = loadSandboxConfig({});
    expect(config.port).toBe(8080);
    expect(config.data.children.length).toBeGreaterThanOrEqual(200);
  });

  it('loads a valid SANDBOX_DATA_FILE', () => {
    const config = loadSandboxConfig({
      SANDBOX_DATA_FILE: file('good.json', JSON.stringify(small)),
      PORT: '9000',
    });
    expect(config.port).toBe(9000);
    expect(config.data).toEqual(small);
  });

  it('names SANDBOX_DATA_FILE and the bad field when the file breaks the schema', () => {
    const unmarked = configError({
      SANDBOX_DATA_FILE: file('unmarked.json', JSON.stringify({ ...small, synthetic: false })),
    });
    expect(unmarked.variable).toBe('SANDBOX_DATA_FILE');
    expect(unmarked.message).toMatch(
      /^SANDBOX_DATA_FILE names a file outside the sandbox data schema: synthetic/,
    );

    // A number that could be real (day 07, not 67) is refused, and never echoed. It is made
    // from a substitute number at run time so that no possibly-real number is in the repository.
    const possiblyReal = `0${'6703154321'.slice(1)}`;
    const real = structuredClone(small);
    real.children[0]!.cpr = possiblyReal;
    const error = configError({ SANDBOX_DATA_FILE: file('real.json', JSON.stringify(real)) });
    expect(error.message).toContain('children.0.cpr: must be a synthetic CPR substitute number');
    expect(error.message).not.toContain(possiblyReal);
  });

  it('names SANDBOX_DATA_FILE when the file is missing or not JSON', () => {
    expect(configError({ SANDBOX_DATA_FILE: join(dir, 'missing.json') }).message).toBe(
      'SANDBOX_DATA_FILE names a file that cannot be read',
    );
    expect(configError({ SANDBOX_DATA_FILE: file('broken.json', '{"synthetic": tr') }).message).toBe(
      'SANDBOX_DATA_FILE names a file that is not valid JSON',
    );
  });

  it('names PORT when it is not a port number', () => {
    expect(configError({ PORT: 'eighty' }).variable).toBe('PORT');
  });
});
