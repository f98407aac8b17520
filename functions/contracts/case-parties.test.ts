import { describe, expect, it } from 'vitest';
import { CPR_SHAPED, parseCpr, pseudonym } from '../runtime/cpr/cpr.ts';
import { fakeUpstream, problemOf } from '../testing/fake-upstream.ts';
import { createCaseParties } from './case-parties.ts';

const cpr = (digits: string) => {
  const parsed = parseCpr(digits);
  if (!parsed.ok) throw new Error('fixture');
  return parsed.cpr;
};
const child = cpr('6703154321'); // substitute numbers: day + 60
const mother = cpr('6705801236');
const key = new Uint8Array(32).fill(9);
const wireCase = {
  id: '0b6b1c8e-3f0a-4c52-9a7e-3d2f1e0c9b11',
  municipality: '851',
  kle: '34.10.30',
  handlingFacet: 'G01',
  progressState: 'Oplyst',
  stateSince: '2026-04-17T09:00:00Z',
  sensitivity: 'FOELSOMME_PERSONOPLYSNINGER',
  responsibleUnitId: '851-myndighed-oest',
  secondaryParties: [mother.digits],
  title: 'Underretning – Emma',
};

describe('case parties adapter (FK Sags- og Dokumentindeks, the parties alone)', () => {
  it('POL-007.14: answers each case’s id and its secondary parties only as keyed pseudonyms', async () => {
    const upstream = fakeUpstream();
    upstream.app.post('/api/cases/search', (c) =>
      c.json({
        cases: [wireCase, { ...wireCase, id: '1c7d2e9f-4a1b-4d63-8b8f-4e3a2f1d0c22', secondaryParties: [] }],
      }),
    );
    const parties = await createCaseParties({ ...upstream.options, pseudonymKey: key }).partiesOf(child);
    expect(parties).toEqual([
      { caseId: wireCase.id, secondaryParties: [pseudonym(mother, key)] },
      { caseId: '1c7d2e9f-4a1b-4d63-8b8f-4e3a2f1d0c22', secondaryParties: [] },
    ]);
    expect(JSON.stringify(parties)).not.toMatch(CPR_SHAPED);
    expect(JSON.stringify(parties)).not.toMatch(/Underretning|34\.10/);
    expect(upstream.requests[0]?.body).toBe('{"partyCpr":"6703154321"}');
  });

  it('POL-007.14: a case without its parties, or with a party that is no CPR number, is a 502, never “no parties”', async () => {
    const { secondaryParties: _, ...withoutParties } = wireCase;
    for (const broken of [withoutParties, { ...wireCase, secondaryParties: ['6705801'] }]) {
      const upstream = fakeUpstream();
      upstream.app.post('/api/cases/search', (c) => c.json({ cases: [broken] }));
      expect(
        await problemOf(createCaseParties({ ...upstream.options, pseudonymKey: key }).partiesOf(child)),
      ).toEqual({ status: 502, code: 'upstream_invalid_response' });
    }
  });

  it('refuses a pseudonym key shorter than 32 bytes', () => {
    expect(() =>
      createCaseParties({ baseUrl: 'http://x', timeoutMs: 100, pseudonymKey: new Uint8Array(8) }),
    ).toThrow(RangeError);
  });
});
