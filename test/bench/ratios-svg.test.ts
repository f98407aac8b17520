import { describe, expect, it } from 'vitest';
import { ratiosSvg, standing } from './ratios-svg.ts';
import type { BenchRow } from './rows.ts';

const rows: BenchRow[] = [
  {
    name: 'met <fast> & "good"',
    value: 900,
    unit: 'req/s',
    baseline: 1000,
    aim: { on: 'ratio', atLeast: 0.6 },
  },
  { name: 'missed', value: 100, unit: 'MiB', aim: { on: 'value', atMost: 80 } },
  { name: 'not judged', value: 5, unit: 'ms' },
];

describe('ratios.svg', () => {
  it('stands each row against its aim: measured ÷ aim for ≥, aim ÷ measured for ≤', () => {
    expect(standing(rows[0]!)).toBeCloseTo(1.5);
    expect(standing(rows[1]!)).toBeCloseTo(0.8);
    expect(standing(rows[2]!)).toBeUndefined();
  });

  it('draws one bar per judged row, green when met and red when missed, with names escaped', () => {
    const svg = ratiosSvg(rows, 'title');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<rect [^>]*fill="#2e7d32"/g)).toHaveLength(1);
    expect(svg.match(/<rect [^>]*fill="#c62828"/g)).toHaveLength(1);
    expect(svg).toContain('met &lt;fast&gt; &amp; &quot;good&quot;');
    expect(svg).not.toContain('not judged');
    // Nothing fetched: no external reference of any kind.
    expect(svg).not.toMatch(/href|@import|<script|url\(/);
  });

  it('is deterministic: the same rows give the same bytes', () => {
    expect(ratiosSvg(rows, 'title')).toBe(ratiosSvg([...rows], 'title'));
  });
});
