import { describe, expect, it } from 'vitest';
import { parseCpr } from '../runtime/cpr/cpr.ts';
import { fakeUpstream, problemOf } from '../testing/fake-upstream.ts';
import { createCaseIndex } from './case-index.ts';

const child = (() => {
  const parsed = parseCpr('6703154321'); // substitute number: day 07 + 60
  if (!parsed.ok) throw new Error('fixture');
  return parsed.cpr;
})();

const wireCase = {
  id: '0b6b1c8e-3f0a-4c52-9a7e-3d2f1e0c9b11',
  municipality: '851',
  kle: '34.10.10',
  handlingFacet: 'G01',
  progressState: 'Oplyst',
  stateSince: '2026-04-17T09:00:00Z',
  sensitivity: 'FORTROLIGE_PERSONOPLYSNINGER',
  responsibleUnitId: '851-myndighed-oest',
  secondaryParties: ['6705801236'],
  title: 'Undersøgelse af barnets forhold – Emma',
  content: 'Notat om hjemmet',
};

describe('case index adapter (FK Sags- og Dokumentindeks)', () => {
  it('POL-001: keeps only what a decision needs and drops the title and any content', async () => {
    const upstream = fakeUpstream();
    upstream.app.post('/api/cases/search', (c) =>
      c.json({
        cases: [
          wireCase,
          { ...wireCase, id: '1c7d2e9f-4a1b-4d63-8b8f-4e3a2f1d0c22', progressState: 'Afsluttet' },
        ],
      }),
    );
    const cases = await createCaseIndex(upstream.options).casesOfParty(child);
    expect(cases).toEqual([
      {
        id: wireCase.id,
        municipality: '851',
        kle: '34.10.10',
        handlingFacet: 'G01',
        progressState: 'Oplyst',
        stateSince: '2026-04-17T09:00:00Z',
        active: true,
        sensitivity: 'FORTROLIGE_PERSONOPLYSNINGER',
        responsibleUnitId: '851-myndighed-oest',
      },
      expect.objectContaining({ progressState: 'Afsluttet', active: false }),
    ]);
    expect(JSON.stringify(cases)).not.toMatch(/Emma|Notat|title|content/);
  });

  it('POL-001: sends the CPR number in the body, never in the URL', async () => {
    const upstream = fakeUpstream();
    upstream.app.post('/api/cases/search', (c) => c.json({ cases: [] }));
    expect(await createCaseIndex(upstream.options).casesOfParty(child)).toEqual([]);
    expect(upstream.requests).toEqual([
      { method: 'POST', url: 'http://upstream.test/api/cases/search', body: '{"partyCpr":"6703154321"}' },
    ]);
  });

  it('answers 502 when a case breaks the contract (unknown state, unit of another municipality)', async () => {
    for (const broken of [
      { ...wireCase, progressState: 'Henlagt' },
      { ...wireCase, responsibleUnitId: '810-myndighed-oest' },
      { ...wireCase, kle: '34.10' },
    ]) {
      const upstream = fakeUpstream();
      upstream.app.post('/api/cases/search', (c) => c.json({ cases: [broken] }));
      expect(await problemOf(createCaseIndex(upstream.options).casesOfParty(child))).toEqual({
        status: 502,
        code: 'upstream_invalid_response',
      });
    }
  });

  it('answers 502 when the index fails, without retrying past its budget', async () => {
    const upstream = fakeUpstream();
    upstream.app.post('/api/cases/search', (c) => c.json({}, 500));
    expect(await problemOf(createCaseIndex(upstream.options).casesOfParty(child))).toEqual({
      status: 502,
      code: 'upstream_error',
    });
    expect(upstream.requests).toHaveLength(1);
  });
});
