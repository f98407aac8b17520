import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp as caseLookup } from '../functions/case-lookup/app.ts';
import { manifest as caseManifest } from '../functions/case-lookup/manifest.ts';
import type { Institution } from '../functions/contracts/institutions.ts';
import type { DevIdentity } from '../functions/runtime/auth/dev-issuer.ts';
import { createApp as schoolLookup } from '../functions/school-lookup/app.ts';
import { manifest as schoolManifest } from '../functions/school-lookup/manifest.ts';
import {
  BUP,
  type ChildAccessFixture,
  childAccessFixture,
  type FixtureChild,
  PEOPLE,
  TORVET,
} from '../functions/testing/child-access-fixture.ts';
import { sampleCase } from '../functions/testing/sample-case.ts';

/**
 * case-lookup and school-lookup asked together by the same professionals about
 * the same children: together they must say no more than each policy allows
 * alone (POL-005.5). The school answer never says whether a case exists; a
 * refusal is case-lookup's refusal; only a professional case-lookup answers
 * learns that the school is withheld for address protection.
 */
const school: Institution = {
  type: 'school',
  institutionNumber: '985101',
  name: 'Lundeskolen',
  phone: '+45 0980 8510',
  municipality: '851',
  address: { street: 'Skolevej 1', postalCode: '9000', city: 'Aalborg' },
  mainContact: { name: 'Birgit Kjær', title: 'Skoleleder', phone: '+45 0981 8510', email: null },
};
const gpBlock = [{ kind: 'professional' as const, professional: 'gp-torvet' }];
const CHILDREN: Record<string, FixtureChild> = {
  '6701164470': { clinic: TORVET, institution: school, cases: [sampleCase(1)] },
  '6801164471': { clinic: TORVET, institution: school },
  '6901164472': { clinic: TORVET, institution: school, cases: [sampleCase(2)], addressProtected: true },
  '7001164473': { clinic: TORVET, institution: school, cases: [sampleCase(3)], blocks: gpBlock },
  '7201164475': { clinic: TORVET, institution: school, addressProtected: true, blocks: gpBlock },
  '7101164474': {
    courses: [{ unitSor: BUP, start: '2026-09-01T00:00:00.000Z', end: null }],
    cases: [sampleCase(4)],
    addressProtected: true,
  },
};
const ASKERS: Record<string, DevIdentity> = {
  gp: PEOPLE.gp,
  'another clinic’s GP': PEOPLE.otherGp,
  psychiatrist: PEOPLE.psychiatrist,
  caseworker: PEOPLE.caseworker,
};
const OVERRIDES = [
  undefined,
  { reason: 'citizen_consent', justification: 'The guardian consented by phone just now' },
];

let f: ChildAccessFixture;
beforeAll(async () => {
  f = await childAccessFixture(CHILDREN);
}, 60_000);
afterAll(() => f?.close());

const both = async (who: DevIdentity, cpr: string, override?: { reason: string; justification: string }) => {
  const body = { cpr, purpose: 'treatment', ...(override ? { override } : {}) };
  const [cases, schools] = await Promise.all([
    f.post(await caseLookup(f.kit(caseManifest)), '/v1/relevant-cases/search', who, body),
    f.post(schoolLookup(f.kit(schoolManifest)), '/v1/school-or-daycare/search', who, body),
  ]);
  return { cases, school: schools };
};

describe('case-lookup and school-lookup together (POL-005.5)', () => {
  it('POL-005.5: an address-protected child’s school is refused while case-lookup still gives only the case contact', async () => {
    const { cases, school: s } = await both(PEOPLE.gp, '6901164472');
    expect(cases.status).toBe(200);
    expect(cases.body).toMatchObject({ hasRelevantCase: true, overrideUsed: false });
    expect(Object.keys(cases.body.cases[0]).sort()).toEqual(['municipality', 'responsibleUnit', 'since']);
    expect(cases.text).not.toMatch(/Lundeskolen|Skolevej|985101|address/i);
    expect([s.status, s.body.code]).toEqual([403, 'address_protected']);
    expect(s.text).not.toMatch(/Lundeskolen|Skolevej|Myndighed|case/i);
  });

  it('POL-005.5: the school answer never says whether a case exists, and school-lookup never asks the case index', async () => {
    const before = f.calls.get('cases') ?? 0;
    const withCase = await f.post(
      schoolLookup(f.kit(schoolManifest)),
      '/v1/school-or-daycare/search',
      PEOPLE.gp,
      { cpr: '6701164470', purpose: 'treatment' },
    );
    const without = await f.post(
      schoolLookup(f.kit(schoolManifest)),
      '/v1/school-or-daycare/search',
      PEOPLE.gp,
      { cpr: '6801164471', purpose: 'treatment' },
    );
    expect(withCase.body).toEqual(without.body);
    expect(f.calls.get('cases') ?? 0).toBe(before);
  });

  for (const [name, who] of Object.entries(ASKERS)) {
    it(`POL-005.5: for ${name}, every school refusal is case-lookup’s refusal, or address protection told to one case-lookup answers`, async () => {
      for (const cpr of Object.keys(CHILDREN)) {
        for (const override of OVERRIDES) {
          const { cases, school: s } = await both(who, cpr, override);
          const at = `${cpr} ${override ? 'with' : 'without'} override`;
          if (cases.status === 403) expect([s.status, s.body.code], at).toEqual([403, cases.body.code]);
          else if (s.status === 403) {
            expect(cases.status, at).toBe(200);
            expect([s.body.code, CHILDREN[cpr]!.addressProtected], at).toEqual(['address_protected', true]);
          } else expect([cases.status, s.status], at).toEqual([200, 200]);
        }
      }
    }, 60_000);
  }
});
