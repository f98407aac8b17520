import { describe, expect, it } from 'vitest';
import { type CheckRun, measureChecks, medianRun } from './measure.ts';

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

describe('measureChecks', () => {
  const requests = Array.from({ length: 10 }, (_, i) => ({
    user: 'user:anne',
    relation: 'viewer',
    object: `doc:${i}`,
  }));

  it('measures the requests after the warm-up’s, so none repeats one just asked', async () => {
    const asked: string[] = [];
    const result = await measureChecks(
      requests,
      (request) => request.object !== 'doc:4',
      { maxChecks: 5, maxMs: 10_000, inFlight: 1, warmUp: 3 },
      async (request) => {
        asked.push(request.object);
        return { allowed: true };
      },
    );
    expect(asked).toEqual(['doc:0', 'doc:1', 'doc:2', 'doc:3', 'doc:4', 'doc:5', 'doc:6', 'doc:7']);
    expect(result.checks).toBe(5);
    expect(result.unexpected).toBe(1);
  });

  it('wraps around a list shorter than the warm-up and the measured checks together', async () => {
    const asked: string[] = [];
    await measureChecks(
      requests.slice(0, 4),
      () => true,
      { maxChecks: 4, maxMs: 10_000, inFlight: 2, warmUp: 2 },
      async (request) => {
        asked.push(request.object);
        return { allowed: true };
      },
    );
    expect(asked).toEqual(['doc:0', 'doc:1', 'doc:2', 'doc:3', 'doc:0', 'doc:1']);
  });
});
