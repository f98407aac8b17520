import { describe, expect, it } from 'vitest';
import type { OrgUnit } from '../../contracts/fk-organisation.ts';
import type { TupleKey } from '../../openfga-embedded/vocabulary/types.ts';
import { sampleOrganisation as fixture, unit } from '../../testing/sample-organisation.ts';
import { kleChain, mapOrganisation, type OrganisationSnapshot, OrgSyncError } from './map-organisation.ts';

const t = (object: string, relation: string, user: string): TupleKey => ({ object, relation, user });

describe('mapOrganisation', () => {
  it('POL-001: maps the organisation to exactly the stored tuples the model prescribes, sorted', () => {
    expect(mapOrganisation(fixture)).toEqual([
      t('gp_clinic:999120000000001', 'auditor', 'user:health/syn-gp-01-revision'),
      t('gp_clinic:999120000000001', 'gp', 'user:health/syn-gp-01-01'),
      t('kle:851-17.03', 'insight', 'org_unit:851-familie#member_in_subtree'),
      t('kle:851-17.03', 'parent', 'kle:851-17'),
      t('kle:851-34.10', 'parent', 'kle:851-34'),
      t('kle:851-34.10.10', 'parent', 'kle:851-34.10'),
      t('kle:851-34.10.10', 'performing', 'org_unit:851-familie#member_in_subtree'),
      t('kle:851-34.10.10', 'relevant_to_health', 'user:*'),
      t('kle:851-34.15', 'parent', 'kle:851-34'),
      t('kle:851-34.15.05', 'parent', 'kle:851-34.15'),
      t('kle:851-34.15.05', 'performing', 'org_unit:851-myndighed#member'),
      t('municipality:851', 'auditor', 'user:851/syn-851-0099'),
      t('municipality:851', 'top_unit', 'org_unit:851-kommune'),
      t('org_unit:851-familie', 'leader', 'user:851/syn-851-0002'),
      t('org_unit:851-familie', 'parent', 'org_unit:851-kommune'),
      t('org_unit:851-familie', 'ppr_psychologist', 'user:851/syn-851-0004'),
      t('org_unit:851-familie', 'subunit', 'org_unit:851-myndighed#member_in_subtree'),
      t('org_unit:851-kommune', 'member', 'user:851/syn-851-0003'),
      t('org_unit:851-kommune', 'subunit', 'org_unit:851-familie#member_in_subtree'),
      t('org_unit:851-myndighed', 'caseworker', 'user:851/syn-851-0001'),
      t('org_unit:851-myndighed', 'parent', 'org_unit:851-familie'),
      t('psychiatry_unit:999130000000001', 'auditor', 'user:health/syn-rn-revision-01'),
      t('psychiatry_unit:999130000000001', 'psychiatrist', 'user:health/syn-bup-01'),
      t(
        'psychiatry_unit:999130000000001',
        'subunit',
        'psychiatry_unit:999130000000002#psychiatrist_in_subtree',
      ),
      t('psychiatry_unit:999130000000002', 'psychiatrist', 'user:health/syn-bup-02'),
      t('sensitivity:851-FOELSOMME_PERSONOPLYSNINGER', 'cleared', 'user:851/syn-851-0001'),
      t('sensitivity:851-FOELSOMME_PERSONOPLYSNINGER', 'next_higher', 'sensitivity:851-VIP_SAGER'),
      t('sensitivity:851-FORTROLIGE_PERSONOPLYSNINGER', 'cleared', 'user:851/syn-851-0004'),
      t(
        'sensitivity:851-FORTROLIGE_PERSONOPLYSNINGER',
        'next_higher',
        'sensitivity:851-FOELSOMME_PERSONOPLYSNINGER',
      ),
      t('sensitivity:851-FORTROLIGE_PERSONOPLYSNINGER', 'shareable_with_health', 'user:*'),
      t(
        'sensitivity:851-IKKE_FORTROLIGE_DATA',
        'next_higher',
        'sensitivity:851-FORTROLIGE_PERSONOPLYSNINGER',
      ),
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

  it('writes the KLE chain of further plan subjects that cases may carry', () => {
    const tuples = mapOrganisation({ ...fixture, kleSubjects: ['27.25.12'] });
    expect(tuples).toContainEqual(t('kle:851-27.25.12', 'parent', 'kle:851-27.25'));
    expect(tuples).toContainEqual(t('kle:851-27.25', 'parent', 'kle:851-27'));
    expect(kleChain('34.10.10')).toEqual(['34', '34.10', '34.10.10']);
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
