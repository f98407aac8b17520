import type { OrgUnit } from '../contracts/fk-organisation.ts';
import type { OrganisationSnapshot } from '../kit/org-sync/map-organisation.ts';

/**
 * Test-only: a hand-made organisation that uses every stored relation once or
 * more: three units of one municipality, one clinic, a BUP centre with one sub-unit.
 */
const contact = { phone: '+45 0851 0001', secureEmail: null };
export const unit = (id: string, parentId: string | null, extra: Partial<OrgUnit> = {}): OrgUnit => ({
  id,
  municipality: '851',
  name: id,
  parentId,
  passesKleDown: false,
  kleTasks: [],
  contact,
  ...extra,
});

export const sampleOrganisation: OrganisationSnapshot = {
  municipalities: [
    {
      code: '851',
      units: [
        unit('851-kommune', null),
        // Familie passes its KLE down: its tasks reach Myndighed's staff too.
        unit('851-familie', '851-kommune', {
          passesKleDown: true,
          kleTasks: [
            { kle: '34.10.10', role: 'Ansvarlig' },
            { kle: '17.03', role: 'Indsigt' },
          ],
        }),
        unit('851-myndighed', '851-familie', { kleTasks: [{ kle: '34.15.05', role: 'Udfoerende' }] }),
      ],
      employees: [
        {
          subject: 'syn-851-0001',
          name: 'Line Jensen',
          municipality: '851',
          unitId: '851-myndighed',
          roles: ['caseworker'],
          clearance: 'FOELSOMME_PERSONOPLYSNINGER',
        },
        {
          subject: 'syn-851-0002',
          name: 'Tina Poulsen',
          municipality: '851',
          unitId: '851-familie',
          roles: ['leader'],
          clearance: 'VIP_SAGER',
        },
        {
          subject: 'syn-851-0004',
          name: 'Ida Lund',
          municipality: '851',
          unitId: '851-familie',
          roles: ['ppr_psychologist'],
          clearance: 'FORTROLIGE_PERSONOPLYSNINGER',
        },
        // An engagement without a role: plain membership, no clearance.
        {
          subject: 'syn-851-0003',
          name: 'Jens Holm',
          municipality: '851',
          unitId: '851-kommune',
          roles: [],
          clearance: null,
        },
      ],
      auditors: [{ subject: 'syn-851-0099', name: 'Pia Christiansen', municipality: '851' }],
    },
  ],
  clinics: [
    {
      sor: '999120000000001',
      name: 'Lægerne Torvet',
      phone: '+45 0990 0100',
      staff: [{ subject: 'syn-gp-01-01', name: 'Rasmus Hansen' }],
      auditors: [{ subject: 'syn-gp-01-revision', name: 'Karen Bech' }],
    },
  ],
  psychiatryUnits: [
    {
      sor: '999130000000001',
      name: 'BUP',
      parentSor: null,
      phone: '+45 0990 0200',
      staff: [{ subject: 'syn-bup-01', name: 'A' }],
      auditors: [{ subject: 'syn-rn-revision-01', name: 'C' }],
    },
    {
      sor: '999130000000002',
      name: 'Ambulatorium',
      parentSor: '999130000000001',
      phone: '+45 0990 0201',
      staff: [{ subject: 'syn-bup-02', name: 'B' }],
    },
  ],
  relevantCases: {
    kleSubjects: ['34.10.10'],
    sensitivityLevels: ['IKKE_FORTROLIGE_DATA', 'FORTROLIGE_PERSONOPLYSNINGER'],
    appointmentSubjects: ['34.15.05'],
  },
};
