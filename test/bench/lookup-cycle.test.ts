import { describe, expect, it } from 'vitest';
import { turnsAgeAt } from '../../functions/runtime/cpr/age.ts';
import { parseCpr } from '../../functions/runtime/cpr/cpr.ts';
import { generateSandboxData } from '../../functions/sandbox/data/generate.ts';
import { personas } from '../../functions/sandbox/data/personas.ts';
import { FUNCTION_LOADS } from './function-loads.ts';
import { gpLookups, guardianViews, visibleCases } from './lookup-cycle.ts';

const now = new Date('2026-12-07T12:00:00Z');
const data = generateSandboxData({ seed: 851, today: now, minChildren: 2_000 });
const gp = personas(data, now).find((p) => p.key === 'gp')!;

describe('gpLookups', () => {
  const asked = gpLookups(data, gp, now);

  it('asks about each listed child once, as a GP of the child’s own clinic', () => {
    expect(asked.length).toBeGreaterThan(1_200);
    expect(new Set(asked.map((p) => p.demoChildCpr)).size).toBe(asked.length);
    for (const p of asked) {
      const child = data.children.find((c) => c.cpr === p.demoChildCpr)!;
      const clinic = data.clinics.find((c) => c.sor === child.gpClinicSor)!;
      expect(p.organisation).toEqual({ id: clinic.sor, name: clinic.name });
      expect(clinic.staff.map((s) => s.subject)).toContain(p.subject);
      expect({ role: p.role, domain: p.domain }).toEqual({ role: 'gp', domain: 'health' });
    }
  });

  it('leaves out the lookups a block covers: of the GP, of the clinic, or a period in force', () => {
    const child = data.children.find((c) => c.gpClinicSor !== null && c.blocks.length === 0)!;
    const clinic = data.clinics.find((c) => c.sor === child.gpClinicSor)!;
    const only = (blocks: typeof child.blocks, today = now) =>
      gpLookups({ ...data, children: [{ ...child, blocks }] }, gp, today);
    expect(only([]).map((p) => p.subject)).toEqual([clinic.staff[0]!.subject]);
    // Blocked by the clinic's first GP: asked by the next one, if the clinic has one.
    expect(
      only([{ kind: 'professional', professional: clinic.staff[0]!.subject }]).map((p) => p.subject),
    ).toEqual(clinic.staff.slice(1, 2).map((s) => s.subject));
    expect(only([{ kind: 'place', place: { type: 'gp_clinic', sor: clinic.sor } }])).toEqual([]);
    const period = { kind: 'period' as const, start: '2026-12-01T00:00:00Z', end: '2026-12-31T00:00:00Z' };
    expect(only([period])).toEqual([]);
    expect(only([period], new Date('2027-01-02T00:00:00Z'))).toHaveLength(1);
    // A block of someone else changes nothing.
    expect(only([{ kind: 'professional', professional: 'someone-else' }])).toHaveLength(1);
  });

  it('comes from different clinics in turn, and about children with and without a case health sees', () => {
    const sameClinicInARow = asked.filter(
      (p, i) => i > 0 && p.organisation.id === asked[i - 1]!.organisation.id,
    );
    expect(sameClinicInARow.length / asked.length).toBeLessThan(0.5);
    const withCase = asked.filter(
      (p) => visibleCases(data.children.find((c) => c.cpr === p.demoChildCpr)!).length > 0,
    );
    expect(withCase.length).toBeGreaterThan(asked.length / 10);
    expect(withCase.length).toBeLessThan(asked.length);
  });
});

describe('visibleCases', () => {
  it('shows active cases below VIP sensitivity only', () => {
    const child = data.children.find((c) =>
      c.cases.some((k) => k.progressState !== 'Afsluttet' && k.sensitivity !== 'VIP_SAGER'),
    )!;
    const base = child.cases.find((k) => k.progressState !== 'Afsluttet' && k.sensitivity !== 'VIP_SAGER')!;
    const cases = [
      { ...base, progressState: 'Afsluttet' as const },
      { ...base, sensitivity: 'VIP_SAGER' as const },
      { ...base, id: 'shown' },
    ];
    expect(visibleCases({ ...child, cases }).map((k) => k.id)).toEqual(['shown']);
  });
});

describe('the function loads’ cycles', () => {
  const load = (fn: string) => FUNCTION_LOADS.find((l) => l.fn === fn)!;
  const byCpr = new Map(data.children.map((c) => [c.cpr, c]));

  it('case-lookup asks about every GP lookup, its reference making each one’s own calls: a unit per case shown', () => {
    const cycle = load('case-lookup').cycle!(data, gp);
    expect(cycle).toEqual(gpLookups(data, gp));
    for (const p of cycle.slice(0, 200)) {
      const [facts, contacts] = load('case-lookup').upstream(p.demoChildCpr, data);
      expect(facts).toHaveLength(4);
      expect(contacts).toHaveLength(visibleCases(byCpr.get(p.demoChildCpr)!).length);
    }
  });

  it('school-lookup asks only about children enrolled somewhere without name and address protection', () => {
    const cycle = load('school-lookup').cycle!(data, gp);
    expect(cycle.length).toBeGreaterThan(800);
    for (const p of cycle) {
      const child = byCpr.get(p.demoChildCpr)!;
      expect(child.institution).not.toBeNull();
      expect(child.addressProtected).toBe(false);
    }
    expect(cycle.length).toBeLessThan(gpLookups(data, gp).length);
  });

  it('access-log is read by each child’s first custody holder, about that child, for children under 15 only', () => {
    const guardian = personas(data, now).find((p) => p.key === 'guardian')!;
    const cycle = load('access-log').cycle!(data, guardian);
    expect(cycle).toEqual(guardianViews(data, guardian, now));
    expect(cycle.length).toBeGreaterThan(500);
    expect(new Set(cycle.map((p) => p.subject)).size).toBe(cycle.length);
    expect(new Set(cycle.map((p) => p.demoChildCpr)).size).toBe(cycle.length);
    const adults = new Set(data.adults.map((a) => a.cpr));
    for (const p of cycle) {
      const child = byCpr.get(p.demoChildCpr)!;
      expect(p.cpr).toBe(child.custodyHolders[0]);
      expect(adults.has(p.cpr!)).toBe(true);
      expect(p).toMatchObject({ key: 'guardian', domain: 'citizen', role: 'custody_holder' });
    }
    // Each child left out with a custody holder is 15 or more: it reads its own log (POL-007.11).
    const asked = new Set(cycle.map((p) => p.demoChildCpr));
    const left = data.children.filter((c) => !asked.has(c.cpr) && adults.has(c.custodyHolders[0] ?? ''));
    expect(left.length).toBeGreaterThan(0);
    for (const c of left) {
      const parsed = parseCpr(c.cpr);
      expect(parsed.ok && turnsAgeAt(parsed.cpr.birthDate, 15) <= now).toBe(true);
    }
  });
});
