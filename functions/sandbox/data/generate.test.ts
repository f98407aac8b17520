import { describe, expect, it } from 'vitest';
import type { OrgUnit } from '../../contracts/fk-organisation.ts';
import { SENSITIVITY_LEVELS } from '../../contracts/wire.ts';
import { parseCpr } from '../../runtime/cpr/cpr.ts';
import { generateSandboxData } from './generate.ts';
import { KLE_SUBJECTS } from './kle.ts';
import { sandboxDataSchema } from './schema.ts';

const today = new Date('2026-11-25T10:00:00Z');
const data = generateSandboxData({ today });
const cases = data.children.flatMap((c) => c.cases);
const active = (c: { progressState: string }) => c.progressState !== 'Afsluttet';
const count = <T>(items: readonly T[], test: (item: T) => boolean) => items.filter(test).length;

describe('generated sandbox data', () => {
  it('is marked synthetic and matches its own schema', () => {
    expect(data.synthetic).toBe(true);
    expect(sandboxDataSchema.safeParse(data).success).toBe(true);
  });

  it('is deterministic for a seed and a day, and differs by seed', () => {
    expect(generateSandboxData({ today })).toEqual(data);
    expect(generateSandboxData({ today, seed: 7 }).children[5]?.cpr).not.toBe(data.children[5]?.cpr);
  });

  it('has at least 200 children, each a unique CPR substitute number that parses as synthetic', () => {
    expect(data.children.length).toBeGreaterThanOrEqual(200);
    const everyone = [...data.children.map((c) => c.cpr), ...data.adults.map((a) => a.cpr)];
    expect(new Set(everyone).size).toBe(everyone.length);
    for (const cpr of [...everyone, ...data.children.flatMap((c) => c.custodyHolders)]) {
      const parsed = parseCpr(cpr);
      expect(parsed.ok && parsed.cpr.synthetic).toBe(true);
      expect(Number(cpr.slice(0, 2))).toBeGreaterThan(60);
    }
    const adults = new Set(data.adults.map((a) => a.cpr));
    expect(
      data.children.every((c) => c.custodyHolders.length > 0 && c.custodyHolders.every((h) => adults.has(h))),
    ).toBe(true);
  });

  it('mixes children without cases, with one active case, several, only closed ones and cases elsewhere', () => {
    const byPattern = {
      none: count(data.children, (c) => c.cases.length === 0),
      oneActive: count(data.children, (c) => c.cases.length === 1 && active(c.cases[0]!)),
      several: count(data.children, (c) => c.cases.length > 1),
      closedOnly: count(data.children, (c) => c.cases.length > 0 && !c.cases.some(active)),
      elsewhere: count(data.children, (c) => c.cases.some((k) => k.municipality !== c.residenceMunicipality)),
    };
    for (const n of Object.values(byPattern)) expect(n).toBeGreaterThan(0);
    expect(byPattern.none).toBeLessThan(data.children.length / 2);
  });

  it('covers every progress state, every sensitivity level and child-welfare as well as other subjects', () => {
    for (const state of ['Opstaaet', 'Oplyst', 'Afgjort', 'Afsluttet']) {
      expect(count(cases, (c) => c.progressState === state)).toBeGreaterThan(0);
    }
    for (const level of SENSITIVITY_LEVELS)
      expect(count(cases, (c) => c.sensitivity === level)).toBeGreaterThan(0);
    expect(count(cases, (c) => c.kle.startsWith('34.'))).toBeGreaterThan(cases.length / 2);
    expect(count(cases, (c) => !c.kle.startsWith('34.'))).toBeGreaterThan(0);
    // Only the numbers DOMAIN.md names: no KLE plan is shipped.
    expect(new Set(cases.map((c) => c.kle))).toEqual(new Set(KLE_SUBJECTS));
  });

  it('lists most children with a GP, some outside the pilot, some with none', () => {
    const pilot = new Set(data.clinics.map((c) => c.sor));
    expect(count(data.children, (c) => c.gpClinicSor !== null && pilot.has(c.gpClinicSor))).toBeGreaterThan(
      data.children.length * 0.6,
    );
    expect(count(data.children, (c) => c.gpClinicSor !== null && !pilot.has(c.gpClinicSor))).toBeGreaterThan(
      0,
    );
    expect(count(data.children, (c) => c.gpClinicSor === null)).toBeGreaterThan(0);
    expect(data.clinics.map((c) => c.name)).toContain('Lægerne Torvet');
    expect(data.clinics.every((c) => c.sor.startsWith('999') && c.staff.length > 0)).toBe(true);
  });

  it('has running, ended and planned psychiatry courses, schools, daycares and address protection', () => {
    const courses = data.children.flatMap((c) => c.courses);
    const now = today.getTime();
    expect(
      count(courses, (c) => Date.parse(c.start) <= now && (c.end === null || Date.parse(c.end) > now)),
    ).toBeGreaterThan(0);
    expect(count(courses, (c) => c.end !== null && Date.parse(c.end) <= now)).toBeGreaterThan(0);
    expect(count(courses, (c) => Date.parse(c.start) > now)).toBeGreaterThan(0);
    expect(count(data.children, (c) => c.institution?.type === 'school')).toBeGreaterThan(0);
    expect(count(data.children, (c) => c.institution?.type === 'daycare')).toBeGreaterThan(0);
    expect(count(data.children, (c) => c.institution === null)).toBeGreaterThan(0);
    expect(count(data.children, (c) => c.addressProtected)).toBeGreaterThan(0);
  });

  it('gives each pilot municipality dozens of units, Aalborg the most, with one Ansvarlig unit per KLE number', () => {
    const sizes = Object.fromEntries(
      data.municipalities.map((m) => [m.code, count(data.units, (u) => u.municipality === m.code)]),
    );
    expect(Object.keys(sizes).sort()).toEqual(['787', '810', '840', '849', '851']);
    for (const size of Object.values(sizes)) expect(size).toBeGreaterThanOrEqual(24);
    expect(sizes['851']).toBeGreaterThan(Math.max(sizes['810']!, sizes['787']!));
    for (const m of data.municipalities) {
      const responsible = data.units
        .filter((u) => u.municipality === m.code)
        .flatMap((u) => u.kleTasks.filter((t) => t.role === 'Ansvarlig').map((t) => t.kle));
      expect(responsible.sort()).toEqual([...KLE_SUBJECTS].sort());
      expect(count(data.units, (u) => u.municipality === m.code && u.parentId === null)).toBe(1);
    }
  });

  it('makes every case the responsibility of a unit whose staff can handle it', () => {
    const units = new Map(data.units.map((u) => [u.id, u]));
    const performs = (unit: OrgUnit, kle: string) => {
      const covers = (task: { kle: string; role: string }) =>
        task.role !== 'Indsigt' && kle.startsWith(task.kle);
      if (unit.kleTasks.some(covers)) return true;
      for (let up = units.get(unit.parentId ?? ''); up; up = units.get(up.parentId ?? '')) {
        if (up.passesKleDown && up.kleTasks.some(covers)) return true;
      }
      return false;
    };
    for (const c of cases) {
      const unit = units.get(c.responsibleUnitId);
      expect(unit?.municipality).toBe(c.municipality);
      expect(performs(unit!, c.kle)).toBe(true);
      expect(
        data.employees.some(
          (e) =>
            e.unitId === unit!.id && (e.roles.includes('caseworker') || e.roles.includes('ppr_psychologist')),
        ),
      ).toBe(true);
    }
  });

  it('employs staff in existing units, with clearances, and an auditor in every municipality', () => {
    const units = new Set(data.units.map((u) => u.id));
    expect(
      data.employees.every((e) => units.has(e.unitId) && e.unitId.startsWith(`${e.municipality}-`)),
    ).toBe(true);
    for (const role of ['caseworker', 'ppr_psychologist', 'leader', 'member'] as const) {
      expect(count(data.employees, (e) => e.roles.includes(role))).toBeGreaterThan(0);
    }
    expect(new Set(data.auditors.map((a) => a.municipality))).toEqual(
      new Set(data.municipalities.map((m) => m.code)),
    );
    expect(data.psychiatryUnits.find((u) => u.parentSor === null)?.name).toBe(
      'Børne- og Ungdomspsykiatrisk Center, Aalborg',
    );
  });
});
