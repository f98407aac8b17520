import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { sampleOrganisation as fixture } from '../../testing/sample-organisation.ts';
import { mapOrganisation } from './map-organisation.ts';
import { loadRelevantCasesPolicy, parseRelevantCasesPolicy } from './relevant-cases-policy.ts';

const policies = resolve(import.meta.dirname, '../../../policies');
const relevantCases = resolve(policies, 'relevant-cases.yaml');
const tupleStorage = resolve(policies, 'tuple-storage.yaml');

describe('relevant-cases policy', () => {
  it.skipIf(!existsSync(relevantCases))(
    'POL-004: reads the policy file into subjects and levels',
    async () => {
      const policy = await loadRelevantCasesPolicy(relevantCases);
      expect(policy.kleSubjects).toContain('34.10.10');
      expect(policy.kleSubjects.length).toBeGreaterThanOrEqual(5);
      expect(policy.sensitivityLevels).not.toContain('VIP_SAGER');
    },
  );

  it('POL-003.15: the municipal direction lists the subjects that justify psychiatry appointments, each also a health-direction subject or a stated exception', async () => {
    const policy = await loadRelevantCasesPolicy(relevantCases);
    expect(policy.appointmentSubjects).toEqual([
      '34.00.00',
      '34.10.10',
      '34.15.05',
      '34.25.00',
      '17.03.04',
      '17.03.08',
      '29.12.12',
    ]);
    expect(policy.appointmentSubjects.filter((s) => !policy.kleSubjects.includes(s))).toEqual([]);
    // Left out on purpose, as the file states: notifications, crime prevention, school absence, daycare support.
    for (const left of ['34.10.30', '27.25.12', '17.20.03', '28.06.12']) {
      expect(policy.kleSubjects).toContain(left);
      expect(policy.appointmentSubjects).not.toContain(left);
    }
  });

  it('refuses a document outside the schema, naming the field', () => {
    expect(() =>
      parseRelevantCasesPolicy({
        version: 1,
        kle_subjects: [{ number: '34.10', about: 'x' }],
        sensitivity_levels: [],
        appointments_to_municipality: { kle_subjects: [] },
      }),
    ).toThrow('relevant-cases policy is invalid at kle_subjects.0.number');
  });
});

describe('stored relations', () => {
  it.skipIf(!existsSync(tupleStorage))(
    'POL-001.2: the sync emits only relations the policy lets the store hold',
    () => {
      const stored = (parse(readFileSync(tupleStorage, 'utf8')) as { stored: Record<string, string[]> })
        .stored;
      const allowed = new Set(
        Object.entries(stored).flatMap(([type, rels]) => rels.map((r) => `${type}#${r}`)),
      );
      const emitted = new Set(
        mapOrganisation(fixture).map((tuple) => `${tuple.object.split(':')[0]}#${tuple.relation}`),
      );
      expect([...emitted].filter((r) => !allowed.has(r))).toEqual([]);
      // The fixture exercises every stored relation, so the check above is not vacuous.
      expect([...allowed].filter((r) => !emitted.has(r))).toEqual([]);
    },
  );
});

describe('appointments direction', () => {
  it('refuses a policy without the municipal direction', () => {
    expect(() => parseRelevantCasesPolicy({ version: 1, kle_subjects: [], sensitivity_levels: [] })).toThrow(
      'relevant-cases policy is invalid at appointments_to_municipality',
    );
  });

  it('POL-004.7: every municipality’s own choices file parses as the default does, and says why it differs', async () => {
    const dir = resolve(policies, 'municipalities');
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
    expect(files).toContain('860-relevant-cases.yaml');
    for (const file of files) {
      const policy = await loadRelevantCasesPolicy(resolve(dir, file));
      expect(policy.kleSubjects.length).toBeGreaterThan(0);
      expect(readFileSync(resolve(dir, file), 'utf8')).toMatch(
        /# Where it differs from the default, and why:/,
      );
    }
  });
});
