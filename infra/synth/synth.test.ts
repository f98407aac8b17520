import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { targetArgs } from './synth.ts';

const root = resolve(import.meta.dirname, '../..');
const outdir = mkdtempSync(join(tmpdir(), 'hoi-synth-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const FAKE_SECRET = 'fake-secret-7f3a9c1e-never-in-output';

/** `npm run synth` as a child process, with secrets in its environment that must not leak. */
function synth(...args: string[]) {
  const started = performance.now();
  const result = spawnSync(process.execPath, ['infra/main.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: {
      ...process.env,
      CDKTF_OUTDIR: outdir,
      DATABASE_PASSWORD: FAKE_SECRET,
      FGA_API_TOKEN: FAKE_SECRET,
      AWS_ACCESS_KEY_ID: FAKE_SECRET,
      AWS_SECRET_ACCESS_KEY: FAKE_SECRET,
      // The pg state backend's connection string, read by OpenTofu/Terraform at init only.
      PG_CONN_STR: `postgres://state:${FAKE_SECRET}@db.example/state`,
    },
  });
  return { ...result, ms: performance.now() - started };
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('npm run synth', () => {
  it('writes two stacks per target for every target by default, with no cluster, network or terraform', () => {
    const result = synth();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.stacks).sort()).toEqual([
      'eu-managed-cluster',
      'eu-managed-platform',
      'local-cluster',
      'local-platform',
      'self-hosted-cluster',
      'self-hosted-platform',
    ]);
    expect(result.stdout).toMatch(/^synthesized local-cluster, local-platform, .* in \d+ ms\n$/);
  });

  it('writes no absolute local path and no secret from its environment', () => {
    const forbidden = [root, outdir, homedir(), '/root/', '/home/', FAKE_SECRET];
    const output = files(outdir);
    expect(output.length).toBeGreaterThanOrEqual(7);
    for (const file of output) {
      const text = readFileSync(file, 'utf8');
      for (const needle of forbidden)
        expect({ file, found: text.includes(needle) }).toEqual({ file, found: false });
    }
  });

  it('synthesizes only the named target', () => {
    const result = synth('--target', 'local');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^synthesized local-cluster, local-platform into /);
  });

  it('stops with the target and field named when a target is unknown, writing nothing new', () => {
    const result = synth('--target', 'staging');
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('unknown target "staging" (known: local, self-hosted, eu-managed)\n');
  });
});

describe('targetArgs', () => {
  it('reads --target as repeated, comma-separated or --target=', () => {
    expect(targetArgs([])).toEqual([]);
    expect(targetArgs(['--target', 'local', '--target=self-hosted,eu-managed'])).toEqual([
      'local',
      'self-hosted',
      'eu-managed',
    ]);
  });

  it('refuses anything else, saying how to call it', () => {
    expect(() => targetArgs(['local'])).toThrow(
      'unknown argument local (usage: npm run synth -- [--target <name>])',
    );
    expect(() => targetArgs(['--target'])).toThrow('--target needs a target name');
  });
});
