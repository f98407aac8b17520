import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuthorizationModel } from '../../openfga-embedded/vocabulary/types.ts';
import { type FactReach, factReach } from './fact-reach.ts';
import { loadModel, modelFromDsl } from './model.ts';

const modelFile = fileURLToPath(new URL('../../../openfga/model/model.fga', import.meta.url));
let hoi: FactReach;
beforeAll(async () => {
  hoi = factReach(await loadModel(modelFile));
});

describe('factReach over a model: every type#relation whose tuples a check may read', () => {
  const toy = (): AuthorizationModel =>
    modelFromDsl(`model
  schema 1.1
type user
type group
  relations
    define member: [user, group#member]
type folder
  relations
    define owner: [user]
    define viewer: [user, group#member] or owner
type doc
  relations
    define parent: [folder]
    define blocked: [user]
    define tag: [user]
    define can_read: viewer from parent but not blocked
`);

  it('follows computed relations, tuple-to-userset hops, usersets and both sides of `but not`', () => {
    expect([...factReach(toy()).reads('doc', 'can_read')].sort()).toEqual([
      'doc#blocked',
      'doc#parent',
      'folder#owner',
      'folder#viewer',
      'group#member',
    ]);
  });

  it('leaves out what no path reads (doc#tag) and keeps the order of what it keeps', () => {
    const tuples = [
      { object: 'doc:1', relation: 'tag', user: 'user:a' },
      { object: 'folder:f', relation: 'owner', user: 'user:a' },
      { object: 'doc:1', relation: 'parent', user: 'folder:f' },
    ];
    expect(factReach(toy()).readable('doc', 'can_read', tuples)).toEqual([tuples[1], tuples[2]]);
  });

  it('hands back the list itself when every tuple in it is read, so checks sent one list still share it', () => {
    const tuples = [
      { object: 'folder:f', relation: 'owner', user: 'user:a' },
      { object: 'doc:1', relation: 'parent', user: 'folder:f' },
    ];
    const reach = factReach(toy());
    expect(reach.readable('doc', 'can_read', tuples)).toBe(tuples);
    expect(
      reach.readable('doc', 'can_read', [...tuples, { object: 'doc:1', relation: 'tag', user: 'user:a' }]),
    ).toEqual(tuples);
  });

  it('a stored relation reads only itself: an attribution check needs no child facts', () => {
    expect([...hoi.reads('gp_clinic', 'gp')]).toEqual(['gp_clinic#gp']);
  });

  it('POL-004.1: the gate on the child reads its listing, courses, blocks and override, never its cases', () => {
    const read = hoi.reads('child', 'can_lookup_cases');
    for (const fact of ['listed_with', 'in_course_at', 'blocked', 'block_override']) {
      expect(read.has(`child#${fact}`), fact).toBe(true);
    }
    for (const fact of [
      'municipal_case',
      'residence_municipality',
      'custody_holder',
      'address_protected',
      'under_15',
    ]) {
      expect(read.has(`child#${fact}`), fact).toBe(false);
    }
    expect([...read].some((key) => key.startsWith('case#'))).toBe(false);
  });

  it('POL-003: appointments read the cases, their scope and clearances, and the blocks', () => {
    const read = hoi.reads('child', 'can_view_appointments');
    for (const key of [
      'child#municipal_case',
      'case#scope',
      'case#subject',
      'case#active',
      'case_scope#handler',
      'sensitivity#cleared',
      'child#blocked',
    ]) {
      expect(read.has(key), key).toBe(true);
    }
    expect(read.has('child#listed_with')).toBe(false);
  });

  it('POL-004: a case contact reads the case’s subject, sensitivity and state and the child’s relation, not its scope', () => {
    const read = hoi.reads('case', 'can_view_case_contact');
    expect(read.has('case#subject') && read.has('case#sensitivity') && read.has('case#active')).toBe(true);
    expect(read.has('case#party') && read.has('child#listed_with')).toBe(true);
    expect(read.has('case#scope') || read.has('case#municipality') || read.has('child#municipal_case')).toBe(
      false,
    );
  });
});
