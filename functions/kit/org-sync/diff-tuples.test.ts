import { describe, expect, it } from 'vitest';
import type { TupleKey } from '../../openfga-embedded/vocabulary/types.ts';
import { diffTuples, tupleIdentity } from './diff-tuples.ts';

const t = (object: string, relation: string, user: string): TupleKey => ({ object, relation, user });

describe('diffTuples', () => {
  it('writes what is new and deletes what is gone, leaving the rest alone', () => {
    const kept = t('org_unit:851-a', 'caseworker', 'user:syn-851-0001');
    const moved = t('org_unit:851-a', 'caseworker', 'user:syn-851-0002');
    const arrived = t('org_unit:851-b', 'caseworker', 'user:syn-851-0002');
    const hired = t('org_unit:851-a', 'leader', 'user:syn-851-0003');
    expect(diffTuples([moved, kept], [hired, arrived, kept, arrived])).toEqual({
      writes: [hired, arrived],
      deletes: [moved],
    });
  });

  it('is empty when the store already holds the desired set', () => {
    const tuples = [
      t('municipality:851', 'auditor', 'user:syn-851-0099'),
      t('kle:851-34.10', 'parent', 'kle:851-34'),
    ];
    expect(diffTuples(tuples, [...tuples].reverse())).toEqual({ writes: [], deletes: [] });
  });

  it('treats a changed condition as delete plus write', () => {
    const plain = t('kle:851-34', 'performing', 'org_unit:851-a#member');
    const conditioned = { ...plain, condition: { name: 'c', context: { b: 1, a: 2 } } };
    expect(tupleIdentity(conditioned)).toBe(
      tupleIdentity({ ...plain, condition: { name: 'c', context: { a: 2, b: 1 } } }),
    );
    expect(diffTuples([plain], [conditioned])).toEqual({ writes: [conditioned], deletes: [plain] });
  });
});
