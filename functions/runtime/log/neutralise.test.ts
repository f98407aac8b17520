import { describe, expect, it } from 'vitest';
import { neutralise } from './neutralise.ts';

describe('neutralise', () => {
  it('replaces bidi overrides (U+202E) and isolates, so a name cannot reverse how a record reads', () => {
    expect(neutralise('Dr. \u202Eevil\u202C Jensen')).toBe('Dr. \ufffdevil\ufffd Jensen');
    expect(neutralise('a\u2066b\u2069c\u200fd')).toBe('a\ufffdb\ufffdc\ufffdd');
  });

  it('replaces control characters and line breaks, and leaves Danish text alone', () => {
    expect(neutralise('Lægerne\nTorvet\u0007')).toBe('Lægerne\ufffdTorvet\ufffd');
    expect(neutralise('Ærø Kommune — Sønderborg')).toBe('Ærø Kommune — Sønderborg');
  });
});
