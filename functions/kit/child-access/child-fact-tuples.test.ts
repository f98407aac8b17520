import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MunicipalCase } from '../../contracts/case-index.ts';
import { createEmbeddedAuthorizer } from '../../openfga-embedded/index.ts';
import { guardedAuthorizer } from '../../runtime/authz/guarded-authorizer.ts';
import { loadModel } from '../../runtime/authz/model.ts';
import type { Authorizer } from '../../runtime/authz/port.ts';
import { loadTuplePolicy } from '../../runtime/authz/tuple-policy.ts';
import { childFactTuples } from './child-fact-tuples.ts';

const root = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const child = 'p-0123456789abcdef0123456789abcdef';
const now = { current_time: '2026-11-25T10:00:00Z' };
const relevantCase: MunicipalCase = {
  id: '3f2b1c4d-0000-4000-8000-000000000001',
  municipality: '851',
  kle: '34.10.10',
  handlingFacet: 'G01',
  progressState: 'Oplyst',
  stateSince: '2026-10-01T00:00:00.000Z',
  active: true,
  sensitivity: 'FORTROLIGE_PERSONOPLYSNINGER',
  responsibleUnitId: '851-myndighed-oest',
};

let authorizer: Authorizer;
beforeAll(async () => {
  const organisation = [
    { object: 'gp_clinic:999120000000001', relation: 'gp', user: 'user:health/gp-1' },
    { object: 'gp_clinic:999120000000002', relation: 'gp', user: 'user:health/gp-2' },
    { object: 'psychiatry_unit:999130000000001', relation: 'psychiatrist', user: 'user:health/bup-1' },
    // The sync's closure: bup-1 works in unit …01, which lies below unit …09.
    {
      object: 'psychiatry_unit:999130000000001',
      relation: 'psychiatrist_in_subtree',
      user: 'user:health/bup-1',
    },
    {
      object: 'psychiatry_unit:999130000000009',
      relation: 'psychiatrist_in_subtree',
      user: 'user:health/bup-1',
    },
    { object: 'kle:851-34.10.10', relation: 'relevant_to_health', user: 'user:*' },
    {
      object: 'sensitivity:851-FORTROLIGE_PERSONOPLYSNINGER',
      relation: 'shareable_with_health',
      user: 'user:*',
    },
  ];
  const inner = createEmbeddedAuthorizer({
    model: await loadModel(root('openfga/model/model.fga')),
    tuples: organisation,
  });
  // Through the POL-001 guard: every tuple the builder makes must be an allowed child fact.
  authorizer = guardedAuthorizer(inner, await loadTuplePolicy(root('policies/tuple-storage.yaml')));
});

const ask = async (
  user: string,
  relation: string,
  object: string,
  facts: Parameters<typeof childFactTuples>[0],
) =>
  (await authorizer.check({ user, relation, object, contextualTuples: childFactTuples(facts), context: now }))
    .allowed;

describe('childFactTuples', () => {
  it('POL-004.1: a listed GP may look up cases and sees a relevant active case; another clinic’s GP may not', async () => {
    const facts = { child, cases: [relevantCase], gpClinicSor: '999120000000001' };
    expect(await ask('user:health/gp-1', 'can_lookup_cases', `child:${child}`, facts)).toBe(true);
    expect(await ask('user:health/gp-1', 'can_view_case_contact', `case:${relevantCase.id}`, facts)).toBe(
      true,
    );
    expect(await ask('user:health/gp-2', 'can_lookup_cases', `child:${child}`, facts)).toBe(false);
  });

  it('POL-002.3: a closed case is not shown', async () => {
    const closed = { ...relevantCase, progressState: 'Afsluttet' as const, active: false };
    const facts = { child, cases: [closed], gpClinicSor: '999120000000001' };
    expect(await ask('user:health/gp-1', 'can_view_case_contact', `case:${closed.id}`, facts)).toBe(false);
  });

  it('POL-004.4: a course counts within its window, an open course until the end of time', async () => {
    const open = {
      child,
      courses: [{ unitSor: '999130000000001', start: '2026-09-01T00:00:00.000Z', end: null }],
    };
    expect(await ask('user:health/bup-1', 'can_lookup_cases', `child:${child}`, open)).toBe(true);
    const ended = {
      child,
      courses: [
        { unitSor: '999130000000001', start: '2026-01-01T00:00:00.000Z', end: '2026-06-01T00:00:00.000Z' },
      ],
    };
    expect(await ask('user:health/bup-1', 'can_lookup_cases', `child:${child}`, ended)).toBe(false);
  });

  it('POL-008: each kind of block denies, and an accepted override lifts it', async () => {
    const listed = { child, gpClinicSor: '999120000000001' };
    const blocks = [
      { kind: 'professional' as const, professional: 'gp-1' },
      { kind: 'place' as const, place: { type: 'gp_clinic' as const, sor: '999120000000001' } },
      { kind: 'period' as const, start: '2026-11-01T00:00:00.000Z', end: '2026-12-01T00:00:00.000Z' },
    ];
    for (const block of blocks) {
      expect(
        await ask('user:health/gp-1', 'can_lookup_cases', `child:${child}`, { ...listed, blocks: [block] }),
      ).toBe(false);
      const overridden = {
        ...listed,
        blocks: [block],
        override: { user: 'user:health/gp-1', reason: 'citizen_consent' },
      };
      expect(await ask('user:health/gp-1', 'can_lookup_cases', `child:${child}`, overridden)).toBe(true);
      expect(
        await ask('user:health/gp-1', 'can_lookup_cases_without_override', `child:${child}`, overridden),
      ).toBe(false);
    }
    const expired = {
      kind: 'period' as const,
      start: '2026-01-01T00:00:00.000Z',
      end: '2026-02-01T00:00:00.000Z',
    };
    expect(
      await ask('user:health/gp-1', 'can_lookup_cases', `child:${child}`, { ...listed, blocks: [expired] }),
    ).toBe(true);
  });

  it('POL-008.2: a blocked place is its staff, and with sub-units the staff of the units below it too', async () => {
    const inCourse = {
      child,
      courses: [{ unitSor: '999130000000001', start: '2026-01-01T00:00:00.000Z', end: null }],
    };
    const blockedAt = (sor: string, includeSubunits: boolean) =>
      ask('user:health/bup-1', 'can_lookup_cases', `child:${child}`, {
        ...inCourse,
        blocks: [{ kind: 'place', place: { type: 'psychiatry_unit', sor, includeSubunits } }],
      });
    expect(await blockedAt('999130000000001', false)).toBe(false);
    expect(await blockedAt('999130000000009', true)).toBe(false);
    expect(await blockedAt('999130000000009', false)).toBe(true);
    expect(await ask('user:health/bup-1', 'can_lookup_cases', `child:${child}`, inCourse)).toBe(true);
  });

  it('sends a block on a place as the place’s staff, and the organisation the place names', () => {
    const tuples = childFactTuples({
      child,
      blocks: [
        { kind: 'place', place: { type: 'org_unit', unitId: '851-familie', includeSubunits: true } },
        { kind: 'place', place: { type: 'gp_clinic', sor: '999120000000001' } },
      ],
    });
    expect(tuples).toEqual([
      { user: 'place:org_unit-851-familie-and-below#staff', relation: 'blocked', object: `child:${child}` },
      {
        user: 'org_unit:851-familie',
        relation: 'org_unit_and_below',
        object: 'place:org_unit-851-familie-and-below',
      },
      { user: 'place:gp_clinic-999120000000001#staff', relation: 'blocked', object: `child:${child}` },
      { user: 'gp_clinic:999120000000001', relation: 'gp_clinic', object: 'place:gp_clinic-999120000000001' },
    ]);
  });

  it('builds the access-log facts: custody holders and residence', () => {
    expect(
      childFactTuples({
        child,
        residenceMunicipality: '851',
        custodyHolders: ['p-aa'],
        addressProtected: true,
      }),
    ).toEqual([
      { user: 'municipality:851', relation: 'residence_municipality', object: `child:${child}` },
      { user: 'citizen:p-aa', relation: 'custody_holder', object: `child:${child}` },
      { user: 'user:*', relation: 'address_protected', object: `child:${child}` },
    ]);
  });

  it('POL-007.11, POL-007.12: the child’s age is sent as the moment it turns 15: the child from then, anyone before', () => {
    const at = '2026-02-28T23:00:00.000Z';
    expect(childFactTuples({ child, turns15At: at })).toEqual([
      {
        user: `citizen:${child}`,
        relation: 'own_log_viewer',
        object: `child:${child}`,
        condition: { name: 'from_age_15', context: { turns_15_at: at } },
      },
      {
        user: 'citizen:*',
        relation: 'under_15',
        object: `child:${child}`,
        condition: { name: 'before_age_15', context: { turns_15_at: at } },
      },
    ]);
  });
});
