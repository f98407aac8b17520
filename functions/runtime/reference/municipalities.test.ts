import { describe, expect, it } from 'vitest';
import { isMunicipalityCode, MUNICIPALITIES, municipalityName } from './municipalities.ts';

describe('the municipality reference table', () => {
  it('holds all 98 Danish municipalities, each a three-digit code with its official name', () => {
    expect(MUNICIPALITIES.size).toBe(98);
    for (const [code, name] of MUNICIPALITIES) {
      expect(code).toMatch(/^\d{3}$/);
      expect(name).toMatch(/Kommune$|^Bornholms Regionskommune$/);
    }
    expect(new Set(MUNICIPALITIES.values()).size).toBe(98);
  });

  it('names every municipality, not only the pilot five (eu-managed serves 860)', () => {
    expect(municipalityName('851')).toBe('Aalborg Kommune');
    expect(municipalityName('860')).toBe('Hjørring Kommune');
    expect(municipalityName('101')).toBe('Københavns Kommune');
    expect(municipalityName('400')).toBe('Bornholms Regionskommune');
  });

  it('knows that 411 (Christiansø) and 999 are no municipalities', () => {
    expect(isMunicipalityCode('411')).toBe(false);
    expect(() => municipalityName('999')).toThrow('999 is not a Danish municipality code');
  });
});
