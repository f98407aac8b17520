import { describe, expect, it } from 'vitest';
import { heapFlag } from './node-heap.ts';

describe('heapFlag', () => {
  it('gives Node 60% of the container memory limit as heap', () => {
    expect(heapFlag('256Mi')).toBe('--max-old-space-size=153');
    expect(heapFlag('1Gi')).toBe('--max-old-space-size=614');
    expect(heapFlag('536870912')).toBe('--max-old-space-size=307');
    expect(heapFlag('131072Ki')).toBe('--max-old-space-size=76');
  });

  it('refuses a limit that leaves too small a heap, naming it', () => {
    expect(() => heapFlag('32Mi')).toThrow('memory limit 32Mi: leaves a 19 MiB heap, below 32 MiB');
  });

  it('refuses what is not a quantity', () => {
    expect(() => heapFlag('256MB')).toThrow('memory limit 256MB: not a Kubernetes quantity');
  });
});
