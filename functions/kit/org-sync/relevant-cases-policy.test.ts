import { existsSync, readFileSync } from 'node:fs';
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

  it('refuses a document outside the schema, naming the field', () => {
    expect(() =>
      parseRelevantCasesPolicy({
        version: 1,
        kle_subjects: [{ number: '34.10', about: 'x' }],
        sensitivity_levels: [],
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
