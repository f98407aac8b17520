import type { MunicipalCase } from '../contracts/case-index.ts';

/** A synthetic active case of Aalborg (851) in KLE 34.10.10, for this function's tests. */
export function sampleCase(n: number, over: Partial<MunicipalCase> = {}): MunicipalCase {
  return {
    id: `3f2b1c4d-0000-4000-8000-${String(n).padStart(12, '0')}`,
    municipality: '851',
    kle: '34.10.10',
    handlingFacet: 'G01',
    progressState: 'Oplyst',
    stateSince: '2026-10-01T08:00:00.000Z',
    active: true,
    sensitivity: 'FORTROLIGE_PERSONOPLYSNINGER',
    responsibleUnitId: '851-myndighed-oest',
    ...over,
  };
}
