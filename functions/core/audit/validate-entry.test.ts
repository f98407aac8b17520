import { describe, expect, it } from 'vitest';
import { AuditEntryError } from './entry-error.ts';
import { sampleEntry } from './sample-entry.ts';
import { validateEntry } from './validate-entry.ts';

const refusal = (run: () => void) => {
  try {
    run();
  } catch (error) {
    return error as AuditEntryError;
  }
  throw new Error('the entry was accepted');
};

describe('audit entry validation', () => {
  it('accepts a complete entry', () => {
    expect(() => validateEntry(sampleEntry())).not.toThrow();
  });

  it.each(['0101901234', '010190-1234', 'child:6701901234', 'x0101901234y'])(
    'refuses a CPR-shaped number in the child field (%s) with a typed error that does not repeat it',
    (child) => {
      const error = refusal(() => validateEntry(sampleEntry({ childPseudonym: child })));
      expect(error).toBeInstanceOf(AuditEntryError);
      expect(error).toMatchObject({ code: 'cpr_number', field: 'childPseudonym' });
      expect(error.message).not.toContain(child);
    },
  );

  it('refuses a CPR number typed into the purpose', () => {
    const error = refusal(() => validateEntry(sampleEntry({ purpose: 'om barnet 010190-1234' })));
    expect(error).toMatchObject({ code: 'cpr_number', field: 'purpose' });
  });

  it('accepts numbers that are not CPR-shaped (dates, phone numbers, SOR codes in actor fields)', () => {
    expect(() =>
      validateEntry(sampleEntry({ purpose: 'Samtale 2026-11-25, ring 98 12 34 56' })),
    ).not.toThrow();
  });

  it.each([
    ['an empty actor name', { actor: { ...sampleEntry().actor, name: ' ' } }, 'actor.name'],
    ['a NUL character', { action: 'read\u0000' }, 'action'],
    ['a line break that could forge a line', { requestId: 'r1\nr2' }, 'requestId'],
    ['a lone surrogate', { callingSystem: 'sapa\ud800' }, 'callingSystem'],
    ['an over-long purpose', { purpose: 'x'.repeat(1001) }, 'purpose'],
    ['an unknown outcome', { decision: { outcome: 'maybe', reasonCode: 'r' } }, 'decision.outcome'],
    ['an override that is not a boolean', { override: 'yes' }, 'override'],
  ])('refuses %s, naming the field', (_, overrides, field) => {
    const error = refusal(() => validateEntry(sampleEntry(overrides as never)));
    expect(error).toMatchObject({ code: 'invalid_field', field });
  });
});
