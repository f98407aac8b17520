import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadOwnChoices } from '../kit/org-sync/municipal-choices.ts';
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

const relevantCases = await loadRelevantCasesPolicy(relevantCasesFile);
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

  it('maps every engagement, clearance, auditor and health staff member, closures written out', () => {
    const municipalities = data.municipalities.length;
    expect(relation('org_unit', 'member')).toHaveLength(
      new Set(data.employees.map((e) => `${e.unitId}/${e.subject}`)).size,
    );
    // Every member is in the subtree of its own unit and of each unit above it, up to the top.
    const depth = (id: string): number => {
      const unit = data.units.find((u) => u.id === id)!;
      return unit.parentId === null ? 1 : 1 + depth(unit.parentId);
    };
    expect(relation('org_unit', 'member_in_subtree')).toHaveLength(
      [...new Map(data.employees.map((e) => [`${e.unitId}/${e.subject}`, e])).values()].reduce(
        (n, e) => n + depth(e.unitId),
        0,
      ),
    );
    expect(relation('municipality', 'health_data_level')).toHaveLength(municipalities);
    const levels = {
      IKKE_FORTROLIGE_DATA: 1,
      FORTROLIGE_PERSONOPLYSNINGER: 2,
      FOELSOMME_PERSONOPLYSNINGER: 3,
      VIP_SAGER: 4,
    };
    expect(relation('sensitivity', 'cleared')).toHaveLength(
      data.employees.reduce((n, e) => n + (e.clearance ? levels[e.clearance] : 0), 0),
    );
    expect(relation('municipality', 'auditor')).toHaveLength(data.auditors.length);
    expect(relation('gp_clinic', 'gp')).toHaveLength(data.clinics.reduce((n, c) => n + c.staff.length, 0));
    expect(relation('psychiatry_unit', 'psychiatrist')).toHaveLength(
      data.psychiatryUnits.reduce((n, u) => n + u.staff.length, 0),
    );
    const withRole = data.employees.filter((e) => e.roles.some((r) => r !== 'member'));
    expect(new Set(relation('case_scope', 'handler').map((t) => t.user)).size).toBeGreaterThan(0);
    expect(
      new Set(['handler', 'reader'].flatMap((r) => relation('case_scope', r).map((t) => t.user))).size,
    ).toBeLessThanOrEqual(new Set(withRole.map((e) => `user:${e.municipality}/${e.subject}`)).size);
  });

  it('writes what each engagement covers: the units at or below it on the KLE numbers it holds', () => {
    for (const m of data.municipalities) {
      for (const subject of KLE_SUBJECTS) {
        expect(
          relation('kle', 'relevant_to_health').some((t) => t.object === `kle:${m.code}-${subject}`),
        ).toBe(relevantCases.kleSubjects.includes(subject));
      }
    }
    expect(relation('kle', 'relevant_to_health').every((t) => t.user === 'user:*')).toBe(true);
    expect(relation('kle', 'shows_psychiatry_appointments').every((t) => t.user === 'user:*')).toBe(true);
    const scopeUnits = new Set(relation('case_scope', 'handler').map((t) => t.object.split(/[:/]/)[1]));
    for (const unit of scopeUnits) expect(data.units.some((u) => u.id === unit)).toBe(true);
  });

  it.skipIf(!existsSync(tupleStorageFile))('POL-001.2: emits only relations the store may hold', () => {
    const { stored } = parse(readFileSync(tupleStorageFile, 'utf8')) as { stored: Record<string, string[]> };
    const allowed = new Set(
      Object.entries(stored).flatMap(([type, rels]) => rels.map((r) => `${type}#${r}`)),
    );
    expect(tuples.filter((t) => !allowed.has(`${t.object.split(':')[0]}#${t.relation}`))).toEqual([]);
  });

  it('POL-004.7/POL-003.18: a municipality with its own choices (Hjørring’s file, given to 810) differs from 851 exactly by them, its plan backing them', async () => {
    const plan = resolve(root, 'functions/testing/kle-emneplan.xml');
    const own = await sandboxOrganisationTuples(data, relevantCases, {
      ownRelevantCases: await loadOwnChoices(
        `810=${resolve(root, 'policies/municipalities/860-relevant-cases.yaml')}`,
      ),
      klePlans: `810=${plan},851=${plan}`,
      clock: () => today.getTime(),
    });
    const choices = (code: string) =>
      own
        .filter((t) => t.user === 'user:*' && t.object.includes(`:${code}-`))
        .map((t) => `${t.object.replace(`:${code}-`, ':')}#${t.relation}`);
    expect(choices('851').filter((c) => !choices('810').includes(c))).toEqual([
      'kle:27.25.12#relevant_to_health',
    ]);
    expect(choices('810').filter((c) => !choices('851').includes(c))).toEqual([]);
    // Everything but 810's choices is what the default gives.
    const notChoice = (t: { user: string; object: string }) =>
      !(t.user === 'user:*' && t.object.includes(':810-'));
    expect(own.filter(notChoice)).toEqual(tuples.filter(notChoice));
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
    expect(
      tuples.some(
        (t) =>
          t.object.startsWith(`case_scope:${caseworker!.organisation.id}/`) &&
          t.relation === 'handler' &&
          t.user === scopedUser(caseworker!, caseworker!.subject),
      ),
    ).toBe(true);
    expect(
      tuples.some(
        (t) =>
          t.object.startsWith(`case_scope:${ppr!.organisation.id}/`) &&
          t.relation === 'handler' &&
          t.user === scopedUser(ppr!, ppr!.subject),
      ),
    ).toBe(true);
    expect(
      tuples.some(
        (t) =>
          t.object.startsWith(`case_scope:${leader!.organisation.id}/`) &&
          t.relation === 'reader' &&
          t.user === scopedUser(leader!, leader!.subject),
      ),
    ).toBe(true);
    expect(has(`org_unit:${caseworker!.organisation.id}`, 'member', caseworker!)).toBe(true);
    expect(has('municipality:851', 'auditor', auditor!)).toBe(true);
    expect(scopedUser(caseworker!, caseworker!.subject)).toMatch(/^user:851\//);
    expect(scopedUser(gp!, gp!.subject)).toMatch(/^user:health\//);
  });
});
