import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from './cli.ts';

const fixtures = join(import.meta.dirname, 'fixtures');

/** Runs the CLI in-process, capturing what it prints. */
async function run(args: readonly string[]) {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
  vi.spyOn(console, 'error').mockImplementation((line: string) => void err.push(line));
  const code = await main(args);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('npm run sovereignty', () => {
  it('exits 0 on the good stacks and says so', async () => {
    const { code, out } = await run(['--out', join(fixtures, 'good')]);
    expect(code).toBe(0);
    expect(out).toMatch(/sovereignty: 2 stack\(s\) checked, no violations$/);
  });

  it('exits 1 on a violation and prints the report', async () => {
    const { code, out } = await run(['--out', join(fixtures, 'bad', 'sov-008-public-load-balancer')]);
    expect(code).toBe(1);
    expect(out).toContain('  SOV-008 no public load balancer');
  });

  it('exits 2 when there is no synthesized output, telling to synthesize first', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'sovereignty-'));
    try {
      const missing = await run(['--out', join(empty, 'cdktf.out')]);
      expect(missing.code).toBe(2);
      expect(missing.err).toMatch(/has no stacks\/ directory\): run `npm run synth` first$/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('exits 2 on a policy it cannot read, naming it', async () => {
    const { code, err } = await run([
      '--out',
      join(fixtures, 'good'),
      '--policy',
      join(fixtures, 'none.yaml'),
    ]);
    expect(code).toBe(2);
    expect(err).toMatch(/^sovereignty: ENOENT.*none\.yaml/);
  });

  it('is a process of its own with those exit codes (node strips the types)', () => {
    const cli = join(import.meta.dirname, 'cli.ts');
    const bad = spawnSync(process.execPath, [cli, '--out', join(fixtures, 'bad', 'sov-002-image-digest')], {
      encoding: 'utf8',
    });
    expect([bad.status, bad.stdout]).toEqual([1, expect.stringContaining('SOV-002 image pinned by digest')]);
    const good = spawnSync(process.execPath, [cli, '--out', join(fixtures, 'good')], { encoding: 'utf8' });
    expect(good.status).toBe(0);
  });
});
