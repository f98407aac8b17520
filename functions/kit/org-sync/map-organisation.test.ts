import { describe, expect, it } from 'vitest';
import type { OrgUnit } from '../../contracts/fk-organisation.ts';
import type { TupleKey } from '../../openfga-embedded/vocabulary/types.ts';
import { sampleOrganisation as fixture, unit } from '../../testing/sample-organisation.ts';
import { mapOrganisation, type OrganisationSnapshot, OrgSyncError } from './map-organisation.ts';

const t = (object: string, relation: string, user: string): TupleKey => ({ object, relation, user });

describe('mapOrganisation', () => {
  it('POL-001: maps the organisation to exactly the stored tuples the model prescribes (closures written out), sorted', () => {
    expect(mapOrganisation(fixture)).toEqual([
      t('case_scope:851-familie/17.03', 'reader', 'user:851/syn-851-0002'),
      t('case_scope:851-familie/17.03', 'reader', 'user:851/syn-851-0004'),
      t('case_scope:851-familie/34.10.10', 'handler', 'user:851/syn-851-0004'),
      t('case_scope:851-familie/34.10.10', 'reader', 'user:851/syn-851-0002'),
      t('case_scope:851-myndighed/17.03', 'reader', 'user:851/syn-851-0001'),
      t('case_scope:851-myndighed/17.03', 'reader', 'user:851/syn-851-0002'),
      t('case_scope:851-myndighed/17.03', 'reader', 'user:851/syn-851-0004'),
      t('case_scope:851-myndighed/34.10.10', 'handler', 'user:851/syn-851-0001'),
      t('case_scope:851-myndighed/34.10.10', 'handler', 'user:851/syn-851-0004'),
      t('case_scope:851-myndighed/34.10.10', 'reader', 'user:851/syn-851-0002'),
      t('case_scope:851-myndighed/34.15.05', 'handler', 'user:851/syn-851-0001'),
      t('gp_clinic:999120000000001', 'auditor', 'user:health/syn-gp-01-revision'),
      t('gp_clinic:999120000000001', 'gp', 'user:health/syn-gp-01-01'),
      t('kle:851-34.10.10', 'relevant_to_health', 'user:*'),
      t('kle:851-34.15.05', 'shows_psychiatry_appointments', 'user:*'),
      t('municipality:851', 'auditor', 'user:851/syn-851-0099'),
      t('municipality:851', 'health_data_level', 'sensitivity:851-FOELSOMME_PERSONOPLYSNINGER'),
      t('org_unit:851-familie', 'member', 'user:851/syn-851-0002'),
      t('org_unit:851-familie', 'member', 'user:851/syn-851-0004'),
      t('org_unit:851-familie', 'member_in_subtree', 'user:851/syn-851-0001'),
      t('org_unit:851-familie', 'member_in_subtree', 'user:851/syn-851-0002'),
      t('org_unit:851-familie', 'member_in_subtree', 'user:851/syn-851-0004'),
      t('org_unit:851-kommune', 'member', 'user:851/syn-851-0003'),
      t('org_unit:851-kommune', 'member_in_subtree', 'user:851/syn-851-0001'),
      t('org_unit:851-kommune', 'member_in_subtree', 'user:851/syn-851-0002'),
      t('org_unit:851-kommune', 'member_in_subtree', 'user:851/syn-851-0003'),
      t('org_unit:851-kommune', 'member_in_subtree', 'user:851/syn-851-0004'),
      t('org_unit:851-myndighed', 'member', 'user:851/syn-851-0001'),
      t('org_unit:851-myndighed', 'member_in_subtree', 'user:851/syn-851-0001'),
      t('psychiatry_unit:999130000000001', 'auditor', 'user:health/syn-rn-revision-01'),
      t('psychiatry_unit:999130000000001', 'psychiatrist', 'user:health/syn-bup-01'),
      t('psychiatry_unit:999130000000001', 'psychiatrist_in_subtree', 'user:health/syn-bup-01'),
      t('psychiatry_unit:999130000000001', 'psychiatrist_in_subtree', 'user:health/syn-bup-02'),
      t('psychiatry_unit:999130000000002', 'psychiatrist', 'user:health/syn-bup-02'),
      t('psychiatry_unit:999130000000002', 'psychiatrist_in_subtree', 'user:health/syn-bup-02'),
      t('sensitivity:851-FOELSOMME_PERSONOPLYSNINGER', 'cleared', 'user:851/syn-851-0001'),
      t('sensitivity:851-FOELSOMME_PERSONOPLYSNINGER', 'cleared', 'user:851/syn-851-0002'),
      t('sensitivity:851-FORTROLIGE_PERSONOPLYSNINGER', 'cleared', 'user:851/syn-851-0001'),
      t('sensitivity:851-FORTROLIGE_PERSONOPLYSNINGER', 'cleared', 'user:851/syn-851-0002'),
      t('sensitivity:851-FORTROLIGE_PERSONOPLYSNINGER', 'cleared', 'user:851/syn-851-0004'),
      t('sensitivity:851-FORTROLIGE_PERSONOPLYSNINGER', 'shareable_with_health', 'user:*'),
      t('sensitivity:851-IKKE_FORTROLIGE_DATA', 'cleared', 'user:851/syn-851-0001'),
      t('sensitivity:851-IKKE_FORTROLIGE_DATA', 'cleared', 'user:851/syn-851-0002'),
      t('sensitivity:851-IKKE_FORTROLIGE_DATA', 'cleared', 'user:851/syn-851-0004'),
      t('sensitivity:851-IKKE_FORTROLIGE_DATA', 'shareable_with_health', 'user:*'),
      t('sensitivity:851-VIP_SAGER', 'cleared', 'user:851/syn-851-0002'),
    ]);
  });

  it('is deterministic whatever order the upstreams answer in, and never repeats a tuple', () => {
    const [m] = fixture.municipalities;
    const shuffled: OrganisationSnapshot = {
      ...fixture,
      municipalities: [
        { ...m!, units: [...m!.units].reverse(), employees: [...m!.employees, m!.employees[0]!].reverse() },
      ],
      psychiatryUnits: [...fixture.psychiatryUnits].reverse(),
    };
    expect(mapOrganisation(shuffled)).toEqual(mapOrganisation(fixture));
  });

  it('POL-003.16: a role and a KLE task meet only within one engagement', () => {
    const [m] = fixture.municipalities;
    // Line also has a second engagement, without a role, in Kommune, whose tasks she holds there only.
    const twoPositions: OrganisationSnapshot = {
      ...fixture,
      municipalities: [
        {
          ...m!,
          units: m!.units.map((u) =>
            u.id === '851-kommune'
              ? { ...u, kleTasks: [{ kle: '27.25.12', role: 'Udfoerende' as const }] }
              : u,
          ),
          employees: [
            ...m!.employees,
            { ...m!.employees[0]!, unitId: '851-kommune', roles: [], clearance: null },
          ],
        },
      ],
    };
    const scopes = mapOrganisation(twoPositions).filter(
      (x) => x.object.startsWith('case_scope:') && x.user === 'user:851/syn-851-0001',
    );
    expect(scopes.map((x) => `${x.object}#${x.relation}`)).toEqual([
      'case_scope:851-myndighed/17.03#reader',
      'case_scope:851-myndighed/34.10.10#handler',
      'case_scope:851-myndighed/34.15.05#handler',
    ]);
  });

  it('writes every unit below an engagement, and nothing above it', () => {
    const [m] = fixture.municipalities;
    const deeper: OrganisationSnapshot = {
      ...fixture,
      municipalities: [{ ...m!, units: [...m!.units, unit('851-team', '851-myndighed')] }],
    };
    const line = mapOrganisation(deeper).filter(
      (x) => x.object.startsWith('case_scope:') && x.user === 'user:851/syn-851-0001',
    );
    expect(line.map((x) => x.object)).toContain('case_scope:851-team/34.15.05');
    expect(line.some((x) => x.object.startsWith('case_scope:851-familie/'))).toBe(false);
  });

  it('refuses an organisation it would map wrongly, naming the unit', () => {
    const [m] = fixture.municipalities;
    const withUnits = (units: OrgUnit[]) => ({
      ...fixture,
      municipalities: [{ ...m!, units, employees: [] }],
    });
    const cases: [OrganisationSnapshot, string][] = [
      [
        withUnits([unit('851-kommune', null), unit('851-x', '851-missing')]),
        'unit 851-x names a parent outside',
      ],
      [withUnits([unit('851-a', '851-b'), unit('851-b', '851-a')]), 'municipality 851 has no top unit'],
      [
        withUnits([unit('851-kommune', null), unit('851-a', '851-b'), unit('851-b', '851-a')]),
        'form a cycle',
      ],
      [withUnits([unit('851-kommune', null), unit('810-x', '851-kommune')]), 'unit 810-x does not belong'],
      [
        { ...fixture, municipalities: [{ ...m!, employees: [{ ...m!.employees[0]!, unitId: '851-gone' }] }] },
        'employee syn-851-0001',
      ],
      [{ ...fixture, psychiatryUnits: [fixture.psychiatryUnits[1]!] }, 'psychiatry unit 999130000000002'],
    ];
    for (const [snapshot, message] of cases) {
      expect(() => mapOrganisation(snapshot)).toThrow(OrgSyncError);
      expect(() => mapOrganisation(snapshot)).toThrow(message);
    }
  });
});
