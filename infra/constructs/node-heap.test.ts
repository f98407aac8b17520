import { describe, expect, it } from 'vitest';
import { heapFlags, REPLICA_BYTES_PER_TUPLE, replicaTupleLimit } from './node-heap.ts';

describe('heapFlags', () => {
  it('gives Node 60% of the container memory limit as heap', () => {
    expect(heapFlags('256Mi')[0]).toBe('--max-old-space-size=153');
    expect(heapFlags('1Gi')[0]).toBe('--max-old-space-size=614');
    expect(heapFlags('536870912')[0]).toBe('--max-old-space-size=307');
    expect(heapFlags('131072Ki')[0]).toBe('--max-old-space-size=76');
  });

  it('sets the young generation a sixteenth of the limit, at most 16 MiB, instead of V8 sizing it from the cgroup', () => {
    expect(heapFlags('256Mi')[1]).toBe('--max-semi-space-size=16');
    expect(heapFlags('1Gi')[1]).toBe('--max-semi-space-size=16');
    expect(heapFlags('131072Ki')[1]).toBe('--max-semi-space-size=8');
  });

  it('starts the young generation at that size, so a cold start does not grow it scavenge by scavenge', () => {
    expect(heapFlags('256Mi')[2]).toBe('--min-semi-space-size=16');
    expect(heapFlags('131072Ki')[2]).toBe('--min-semi-space-size=8');
  });

  it('leaves the old and young generations within the limit', () => {
    for (const limit of ['128Mi', '256Mi', '512Mi']) {
      const [old, semi, minSemi] = heapFlags(limit).map((flag) => Number(flag.split('=')[1]));
      expect(minSemi).toBe(semi);
      expect(old! + 2 * semi!).toBeLessThan(Number.parseInt(limit, 10));
    }
  });

  it('refuses a limit that leaves too small a heap, naming it', () => {
    expect(() => heapFlags('32Mi')).toThrow('memory limit 32Mi: leaves a 19 MiB heap, below 32 MiB');
  });

  it('refuses what is not a quantity', () => {
    expect(() => heapFlags('256MB')).toThrow('memory limit 256MB: not a Kubernetes quantity');
  });
});

describe('replicaTupleLimit', () => {
  it('POL-002.6: sizes the store copy to a quarter of the container at 360 bytes a tuple, in thousands', () => {
    expect(replicaTupleLimit('256Mi')).toBe(186_000);
    expect(replicaTupleLimit('512Mi')).toBe(372_000);
    expect(replicaTupleLimit('1Gi')).toBe(745_000);
    // A copy at its limit stays within a quarter of the limit, well inside the 60% heap.
    for (const limit of ['256Mi', '512Mi']) {
      const mib = Number.parseInt(limit, 10);
      expect((replicaTupleLimit(limit) * REPLICA_BYTES_PER_TUPLE) / 1024 ** 2).toBeLessThanOrEqual(mib / 4);
    }
  });
});
