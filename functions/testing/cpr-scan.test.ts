import { describe, expect, it } from 'vitest';
import { findCprShaped } from './cpr-scan.ts';

describe('findCprShaped', () => {
  it('finds a CPR-shaped number in text and in nested JSON', () => {
    expect(findCprShaped('user looked up 670315-4321')).toEqual(['text']);
    expect(findCprShaped(JSON.stringify({ a: [{ b: 'x 6703154321 y' }] }))).toEqual(['$.a[0].b']);
  });

  it('ignores random hex trace ids and long timestamps', () => {
    const otlp = {
      spans: [
        { traceId: 'ab1234567890cd', spanId: '1234567890abcdef', startTimeUnixNano: '1764108000123456789' },
      ],
    };
    expect(findCprShaped(JSON.stringify(otlp))).toEqual([]);
  });
});
