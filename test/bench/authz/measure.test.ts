import { describe, expect, it } from 'vitest';
import { type CheckRun, medianRun } from './measure.ts';

const run = (perSecond: number, unexpected = 0): CheckRun => ({
  checks: perSecond,
  perSecond,
  p50Ms: 1000 / perSecond,
  p99Ms: 2000 / perSecond,
  gcShare: 0.01,
  unexpected,
});

describe('medianRun', () => {
  it('reports the round with the median rate, whole, with every round’s rate in order', () => {
    const median = medianRun([run(200_000), run(93_000), run(201_000)]);
    expect(median).toEqual({ ...run(200_000), rounds: [200_000, 93_000, 201_000] });
  });

  it('of an even count takes the lower middle, so no lucky round decides', () => {
    expect(medianRun([run(4), run(1), run(3), run(2)]).perSecond).toBe(2);
  });

  it('adds up the unexpected answers of every round', () => {
    expect(medianRun([run(1, 2), run(2, 0), run(3, 1)]).unexpected).toBe(3);
  });

  it('needs a run', () => {
    expect(() => medianRun([])).toThrow('medianRun needs at least one run');
  });
});
