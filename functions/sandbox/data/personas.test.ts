import { describe, expect, it } from 'vitest';
import { parseCpr } from '../../runtime/cpr/cpr.ts';
import { ageOn } from './calendar.ts';
import { birthDateOf } from './families.ts';
import { generateSandboxData } from './generate.ts';
import { PERSONA_KEYS, personas } from './personas.ts';
import { RULE_DEMO_KEYS, type RuleDemo, ruleDemo } from './rule-demos.ts';

const today = new Date('2026-11-25T10:00:00Z');
const data = generateSandboxData({ today });
const list = personas(data, today);
const persona = (key: string) => list.find((p) => p.key === key)!;
const child = (key: string) => data.children.find((c) => c.cpr === persona(key).demoChildCpr)!;
const active = (c: { progressState: string }) => c.progressState !== 'Afsluttet';

describe('personas', () => {
  it('lists every persona once, each with a synthetic demo child of the data', () => {
    expect(list.map((p) => p.key)).toEqual([...PERSONA_KEYS]);
    for (const p of list) {
      const parsed = parseCpr(p.demoChildCpr);
      expect(parsed.ok && parsed.cpr.synthetic).toBe(true);
      expect(child(p.key)).toBeDefined();
    }
  });

  it('are real staff of the generated organisation, in the right trust domain', () => {
    const gp = persona('gp');
    expect(data.clinics.find((c) => c.sor === gp.organisation.id)).toMatchObject({ name: 'Lægerne Torvet' });
    expect(data.clinics.find((c) => c.sor === gp.organisation.id)?.staff.map((s) => s.subject)).toContain(
      gp.subject,
    );
    const other = persona('gp-other-clinic');
    expect(other.organisation.id).not.toBe(gp.organisation.id);
    const psychiatrist = persona('psychiatrist');
    expect(
      data.psychiatryUnits.find((u) => u.sor === psychiatrist.organisation.id)?.staff.map((s) => s.subject),
    ).toContain(psychiatrist.subject);
    for (const key of ['caseworker', 'ppr', 'leader', 'auditor']) {
      const p = persona(key);
      const employee = data.employees.find((e) => e.subject === p.subject);
      expect(employee?.unitId).toBe(p.organisation.id);
      expect(p.domain).toBe('municipal');
    }
    expect(persona('caseworker').organisation).toEqual({ id: '851-myndighed-oest', name: 'Myndighed Øst' });
    expect(data.auditors.map((a) => a.subject)).toContain(persona('auditor').subject);
    expect(list.filter((p) => p.domain === 'health').map((p) => p.key)).toEqual([
      'gp',
      'gp-other-clinic',
      'psychiatrist',
      'clinic-auditor',
    ]);
  });

  it('give each persona a child that shows its capability', () => {
    const gpChild = child('gp');
    expect(gpChild.gpClinicSor).toBe(persona('gp').organisation.id);
    expect(gpChild.cases.some((c) => active(c) && c.sensitivity !== 'VIP_SAGER')).toBe(true);
    expect(gpChild.institution).not.toBeNull();
    expect(child('gp-other-clinic').gpClinicSor).toBe(persona('gp-other-clinic').organisation.id);
    expect(child('psychiatrist').courses.map((c) => c.unitSor)).toContain(
      persona('psychiatrist').organisation.id,
    );
    expect(
      child('caseworker').cases.some((c) => active(c) && c.responsibleUnitId === '851-myndighed-oest'),
    ).toBe(true);
    expect(child('caseworker').courses.length).toBeGreaterThan(0);
    expect(
      child('ppr').cases.some((c) => active(c) && c.responsibleUnitId === persona('ppr').organisation.id),
    ).toBe(true);
    expect(child('auditor').residenceMunicipality).toBe('851');
  });

  it('POL-007.1: the guardian is a synthetic adult of the data holding custody of the gp persona’s child, which the auditor inspects too', () => {
    const guardian = persona('guardian');
    expect(guardian).toMatchObject({ domain: 'citizen', role: 'custody_holder' });
    const parsed = parseCpr(guardian.cpr!);
    expect(parsed.ok && parsed.cpr.synthetic).toBe(true);
    expect(data.adults.find((a) => a.cpr === guardian.cpr)?.name).toBe(guardian.name);
    expect(child('guardian').custodyHolders).toContain(guardian.cpr);
    expect(guardian.demoChildCpr).toBe(persona('gp').demoChildCpr);
    expect(persona('auditor').demoChildCpr).toBe(persona('gp').demoChildCpr);
    expect(list.filter((p) => p.cpr !== undefined).map((p) => p.key)).toEqual([
      'guardian',
      'child',
      'guardian-party',
    ]);
  });

  it('POL-007.11, POL-007.13, POL-007.14: the child of 15+, the party parent and the clinic’s auditor are of the data', () => {
    const teen = persona('child');
    expect(teen).toMatchObject({ domain: 'citizen', role: 'citizen' });
    expect(teen.cpr).toBe(teen.demoChildCpr);
    expect(ageOn(today, birthDateOf(teen.cpr!))).toBeGreaterThanOrEqual(15);
    const party = persona('guardian-party');
    const theirs = child('guardian-party');
    expect(theirs.custodyHolders).toContain(party.cpr);
    expect(theirs.cases.filter((c) => active(c) && c.secondaryParties.includes(party.cpr!))).toHaveLength(1);
    expect(theirs.custodyHolders.filter((h) => h !== party.cpr)).toHaveLength(1);
    const auditor = persona('clinic-auditor');
    expect(auditor.organisation.id).toBe(persona('gp').organisation.id);
    const clinic = data.clinics.find((c) => c.sor === auditor.organisation.id)!;
    expect(clinic.auditors?.map((a) => a.subject)).toEqual([auditor.subject]);
    expect(clinic.staff.map((s) => s.subject)).not.toContain(auditor.subject);
  });

  it('the sandbox holds a child for every rule demo, each showing its rule', () => {
    const gp = persona('gp');
    const demo = (name: RuleDemo) => ruleDemo(data.children, data, name, today)!;
    for (const name of RULE_DEMO_KEYS) expect(demo(name)?.gpClinicSor, name).toBe(gp.organisation.id);
    expect(demo('no-case').cases).toEqual([]);
    expect(demo('blocked-gp').blocks).toEqual([{ kind: 'professional', professional: gp.subject }]);
    expect(demo('blocked-clinic').blocks).toEqual([
      { kind: 'place', place: { type: 'gp_clinic', sor: gp.organisation.id } },
    ]);
    expect(demo('protected').addressProtected).toBe(true);
    expect(demo('party').cpr).toBe(persona('guardian-party').demoChildCpr);
    expect(demo('teen').cpr).toBe(persona('child').cpr);
  });

  it('POL-003.11: the caseworker’s and the PPR psychologist’s demo children have BUP appointments within the window, booked and past', () => {
    const day = 86_400_000;
    for (const key of ['caseworker', 'ppr']) {
      const starts = child(key).appointments.map((a) => Date.parse(a.effectiveTime.low) - today.getTime());
      expect(starts.some((t) => t > 0 && t < 90 * day)).toBe(true);
      expect(starts.some((t) => t < 0 && t > -30 * day)).toBe(true);
    }
  });
});
