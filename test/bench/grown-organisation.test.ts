import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRelevantCasesPolicy } from '../../functions/kit/org-sync/relevant-cases-policy.ts';
import { generateSandboxData } from '../../functions/sandbox/data/generate.ts';
import { sandboxDataSchema } from '../../functions/sandbox/data/schema.ts';
import { sandboxOrganisationTuples } from '../../functions/sandbox/organisation-tuples.ts';
import { grownSandboxData } from './grown-organisation.ts';

const root = join(import.meta.dirname, '../..');
const key = (t: { user: string; relation: string; object: string }) => `${t.object}#${t.relation}@${t.user}`;

describe('the sandbox grown to more municipalities (npm run bench, case-lookup as the organisation grows)', () => {
  it('keeps the pilot as it was and adds the synthetic organisation of every further municipality', async () => {
    const relevantCases = await loadRelevantCasesPolicy(join(root, 'policies/relevant-cases.yaml'));
    const data = generateSandboxData({ seed: 851, minChildren: 20 });
    const grown = grownSandboxData(data, { municipalities: 8, unitsPerMunicipality: 5 }, relevantCases);

    // Still a sandbox data file the sandbox loads.
    expect(sandboxDataSchema.safeParse(grown).success).toBe(true);
    const pilot = data.municipalities.map((m) => m.code);
    const codes = grown.municipalities.map((m) => m.code);
    expect(codes.slice(0, pilot.length)).toEqual(pilot);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.length).toBeGreaterThan(pilot.length);
    expect(grown.children).toBe(data.children);
    const added = codes.filter((c) => !pilot.includes(c));
    // 5 units of 5 employees each, one auditor, per added municipality.
    expect(grown.units.length - data.units.length).toBe(added.length * 5);
    expect(grown.employees.length - data.employees.length).toBe(added.length * 25);
    expect(grown.auditors.length - data.auditors.length).toBe(added.length);
    expect(grown.units.slice(data.units.length).every((u) => added.includes(u.municipality))).toBe(true);

    // The sync makes more tuples of it, the pilot's among them.
    const before = await sandboxOrganisationTuples(data, relevantCases);
    const after = new Set((await sandboxOrganisationTuples(grown, relevantCases)).map(key));
    expect(after.size).toBeGreaterThan(before.length);
    expect(before.filter((t) => !after.has(key(t)))).toEqual([]);
  });
});
