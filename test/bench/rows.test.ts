import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectRows, describeAim, meetsAim, withRatio } from './rows.ts';

describe('bench rows judged against their aims', () => {
  it('derives the ratio from the baseline and judges ≥ and ≤ aims on it', () => {
    const row = { name: 'case-lookup vs reference', value: 300, unit: 'req/s', baseline: 1000 };
    expect(withRatio(row).ratio).toBeCloseTo(0.3);
    expect(meetsAim({ ...row, aim: { on: 'ratio', atLeast: 0.6 } })).toBe(false);
    expect(meetsAim({ ...row, aim: { on: 'ratio', atLeast: 0.25 } })).toBe(true);
    expect(meetsAim({ ...row, aim: { on: 'ratio', atMost: 0.2 } })).toBe(false);
    expect(describeAim({ ...row, aim: { on: 'ratio', atLeast: 0.6 } })).toBe('ratio ≥ 0.6×');
  });

  it('judges an aim on the value itself, and leaves a row without an aim unjudged', () => {
    const rss = { name: 'idle RSS', value: 83, unit: 'MiB' };
    expect(meetsAim({ ...rss, aim: { on: 'value', atMost: 80 } })).toBe(false);
    expect(meetsAim({ ...rss, value: 79, aim: { on: 'value', atMost: 80 } })).toBe(true);
    expect(describeAim({ ...rss, aim: { on: 'value', atMost: 80 } })).toBe('≤ 80 MiB');
    expect(meetsAim(rss)).toBeUndefined();
    // A ratio aim without a baseline cannot be judged.
    expect(meetsAim({ ...rss, aim: { on: 'ratio', atLeast: 1 } })).toBeUndefined();
  });

  describe('collectRows', () => {
    let dir: string;
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('imports each listed module that exists, names absent ones and turns a failing one into a message', async () => {
      dir = await mkdtemp(join(tmpdir(), 'bench-rows-'));
      await writeFile(
        join(dir, 'good.bench.ts'),
        "export function anyName() { return [{ name: 'x', value: 2, unit: 'req/s', baseline: 4 }]; }\n",
      );
      await writeFile(
        join(dir, 'bad.bench.ts'),
        "export async function rows() { throw new Error('no server'); }\n",
      );
      const collected = await collectRows(
        [
          { name: 'good', file: 'good.bench.ts', run: 'goodRows' },
          { name: 'bad', file: 'bad.bench.ts', run: 'rows' },
          { name: 'absent', file: 'absent.bench.ts', run: 'rows' },
        ],
        { root: dir, workDir: dir },
        dir,
      );
      expect(collected.rows).toEqual([
        { group: 'good', name: 'x', value: 2, unit: 'req/s', baseline: 4, ratio: 0.5 },
      ]);
      expect(collected.skipped).toEqual(['absent']);
      expect(collected.failed).toEqual(['bad: no server']);
    });
  });
});
