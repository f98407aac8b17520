import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { sampleEntry } from '../../testing/sample-entry.ts';
import { AuditEntryError } from './entry-error.ts';
import { CHILD_PSEUDONYM, validateEntry } from './validate-entry.ts';

const refusal = (run: () => void) => {
  try {
    run();
  } catch (error) {
    return error as AuditEntryError;
  }
  throw new Error('the entry was accepted');
};

describe('audit entry validation', () => {
  it('POL-007.5: accepts an entry with every field the access log must hold', () => {
    expect(() => validateEntry(sampleEntry())).not.toThrow();
  });

  it.each(['6101901234', '610190-1234', 'p-6101901234', 'child:6701901234'])(
    'POL-007.5: refuses a CPR number as the child (%s) with a typed error that does not repeat it',
    (child) => {
      const error = refusal(() => validateEntry(sampleEntry({ childPseudonym: child })));
      expect(error).toBeInstanceOf(AuditEntryError);
      expect(error).toMatchObject({ code: 'cpr_number', field: 'childPseudonym' });
      expect(error.message).not.toContain(child.replace(/\D/g, ''));
    },
  );

  it.each(['child-anne', `P-${'A'.repeat(32)}`, `p-${'a'.repeat(31)}`, `child:p-${'a'.repeat(32)}`])(
    'POL-001.4: refuses a child that is not a keyed pseudonym p-<32 hex> (%s)',
    (child) => {
      expect(refusal(() => validateEntry(sampleEntry({ childPseudonym: child })))).toMatchObject({
        code: 'invalid_field',
        field: 'childPseudonym',
      });
    },
  );

  it('POL-001.4: accepts a pseudonym whose hex happens to hold ten digits in a row (about 8 % of them do)', () => {
    expect(() =>
      validateEntry(sampleEntry({ childPseudonym: `p-6101901234${'ab'.repeat(11)}` })),
    ).not.toThrow();
  });

  it('POL-001.4: checks the child against the pseudonym pattern of policies/tuple-storage.yaml', async () => {
    const policy = parse(
      await readFile(new URL('../../../policies/tuple-storage.yaml', import.meta.url), 'utf8'),
    );
    expect(CHILD_PSEUDONYM.source).toBe(policy.identifiers.child);
  });

  it('POL-007.5: refuses a CPR number typed into the purpose', () => {
    const error = refusal(() => validateEntry(sampleEntry({ purpose: 'om barnet 610190-1234' })));
    expect(error).toMatchObject({ code: 'cpr_number', field: 'purpose' });
  });

  it('accepts numbers in the purpose that are not CPR-shaped (dates, phone numbers)', () => {
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
