import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadRelevantCasesPolicy } from '../kit/org-sync/relevant-cases-policy.ts';
import { scopedUser } from '../runtime/auth/principal.ts';
import { CPR_SHAPED } from '../runtime/cpr/cpr.ts';
import { generateSandboxData } from './data/generate.ts';
import { KLE_SUBJECTS } from './data/kle.ts';
import { type Persona, personas } from './data/personas.ts';
import { sandboxOrganisationTuples } from './organisation-tuples.ts';

const root = resolve(import.meta.dirname, '../..');
const relevantCasesFile = resolve(root, 'policies/relevant-cases.yaml');
const tupleStorageFile = resolve(root, 'policies/tuple-storage.yaml');
const today = new Date('2026-11-25T10:00:00Z');
const data = generateSandboxData({ today });

const relevantCases = existsSync(relevantCasesFile)
  ? await loadRelevantCasesPolicy(relevantCasesFile)
  : { kleSubjects: KLE_SUBJECTS, sensitivityLevels: ['IKKE_FORTROLIGE_DATA' as const] };
const syncedTuples = () => sandboxOrganisationTuples(data, relevantCases);

const tuples = await syncedTuples();
const relation = (type: string, rel: string) =>
  tuples.filter((t) => t.object.startsWith(`${type}:`) && t.relation === rel);

describe('organisation sync over the sandbox (through the adapters)', () => {
  it('writes each tuple once, in a stable order', async () => {
    const ids = tuples.map((t) => `${t.object}#${t.relation}@${t.user}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(await syncedTuples()).toEqual(tuples);
  });

  it('maps every unit, role, clearance, auditor and health staff member', () => {
    const municipalities = data.municipalities.length;
    expect(relation('municipality', 'top_unit')).toHaveLength(municipalities);
    expect(relation('org_unit', 'parent')).toHaveLength(data.units.length - municipalities);
    expect(relation('org_unit', 'subunit')).toHaveLength(data.units.length - municipalities);
    const roles = data.employees.reduce((n, e) => n + e.roles.length, 0);
    const roleTuples = ['caseworker', 'ppr_psychologist', 'leader', 'member'].flatMap((r) =>
      relation('org_unit', r),
    );
    expect(roleTuples).toHaveLength(roles);
    expect(relation('sensitivity', 'cleared')).toHaveLength(data.employees.filter((e) => e.clearance).length);
    expect(relation('sensitivity', 'next_higher')).toHaveLength(3 * municipalities);
    expect(relation('municipality', 'auditor')).toHaveLength(data.auditors.length);
    expect(relation('gp_clinic', 'gp')).toHaveLength(data.clinics.reduce((n, c) => n + c.staff.length, 0));
    expect(relation('psychiatry_unit', 'psychiatrist')).toHaveLength(
      data.psychiatryUnits.reduce((n, u) => n + u.staff.length, 0),
    );
    expect(relation('psychiatry_unit', 'subunit')).toHaveLength(data.psychiatryUnits.length - 1);
    const tasks = data.units.reduce((n, u) => n + u.kleTasks.length, 0);
    expect([...relation('kle', 'performing'), ...relation('kle', 'insight')]).toHaveLength(tasks);
  });

  it('chains every KLE subject the cases use up to its main group, in every municipality', () => {
    const parents = new Set(relation('kle', 'parent').map((t) => `${t.object}>${t.user}`));
    for (const m of data.municipalities) {
      for (const subject of KLE_SUBJECTS) {
        const [main, group] = subject.split('.');
        expect(parents.has(`kle:${m.code}-${subject}>kle:${m.code}-${main}.${group}`)).toBe(true);
        expect(parents.has(`kle:${m.code}-${main}.${group}>kle:${m.code}-${main}`)).toBe(true);
      }
    }
    expect(relation('kle', 'relevant_to_health').every((t) => t.user === 'user:*')).toBe(true);
  });

  it.skipIf(!existsSync(tupleStorageFile))('POL-001.2: emits only relations the store may hold', () => {
    const { stored } = parse(readFileSync(tupleStorageFile, 'utf8')) as { stored: Record<string, string[]> };
    const allowed = new Set(
      Object.entries(stored).flatMap(([type, rels]) => rels.map((r) => `${type}#${r}`)),
    );
    expect(tuples.filter((t) => !allowed.has(`${t.object.split(':')[0]}#${t.relation}`))).toEqual([]);
  });

  it('POL-001: names no child, citizen or CPR number', () => {
    expect(tuples.some((t) => /^(child|citizen|case):/.test(t.object))).toBe(false);
    expect(tuples.some((t) => CPR_SHAPED.test(`${t.object} ${t.user}`))).toBe(false);
  });

  it('gives every persona their relation', () => {
    // Each persona as its trust domain names it: the health side's, or its municipality's.
    const has = (object: string, rel: string, p: Persona) =>
      tuples.some((t) => t.object === object && t.relation === rel && t.user === scopedUser(p, p.subject));
    const [gp, other, psychiatrist, caseworker, ppr, leader, auditor] = personas(data, today);
    expect(has(`gp_clinic:${gp!.organisation.id}`, 'gp', gp!)).toBe(true);
    expect(has(`gp_clinic:${other!.organisation.id}`, 'gp', other!)).toBe(true);
    expect(has(`psychiatry_unit:${psychiatrist!.organisation.id}`, 'psychiatrist', psychiatrist!)).toBe(true);
    expect(has(`org_unit:${caseworker!.organisation.id}`, 'caseworker', caseworker!)).toBe(true);
    expect(has(`org_unit:${ppr!.organisation.id}`, 'ppr_psychologist', ppr!)).toBe(true);
    expect(has(`org_unit:${leader!.organisation.id}`, 'leader', leader!)).toBe(true);
    expect(has('municipality:851', 'auditor', auditor!)).toBe(true);
    expect(scopedUser(caseworker!, caseworker!.subject)).toMatch(/^user:851\//);
    expect(scopedUser(gp!, gp!.subject)).toMatch(/^user:health\//);
  });
});
