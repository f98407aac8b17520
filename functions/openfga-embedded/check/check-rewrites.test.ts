import { describe, expect, it } from 'vitest';
import { authorizerFor } from '../../testing/test-model.ts';

const model = `
type user
type team
  relations
    define lead: [user]
type folder
  relations
    define owner: [user]
    define viewer: [user] or owner
type document
  relations
    define parent: [folder, team]
    define owner: [user]
    define editor: [user] or owner
    define viewer: [user] or editor or viewer from parent
    define approved: [user]
    define reviewer: [user] and approved
    define blocked: [user]
    define reader: viewer but not blocked
`;

const tuples = [
  'document:1#owner@user:olga',
  'document:1#parent@folder:f',
  'document:1#parent@team:t',
  'folder:f#owner@user:fred',
  'document:1#reviewer@user:rita',
  'document:1#reviewer@user:rolf',
  'document:1#approved@user:rita',
  'document:1#blocked@user:fred',
];
const authz = authorizerFor(model, tuples);
const allowed = async (user: string, relation: string) =>
  (await authz.check({ user, relation, object: 'document:1' })).allowed;

describe('computed userset', () => {
  it('grants a relation through the relation it is computed from', async () => {
    expect(await allowed('user:olga', 'editor')).toBe(true);
    expect(await allowed('user:olga', 'viewer')).toBe(true);
  });
});

describe('tuple to userset', () => {
  it('grants through a relation on the parent object', async () => {
    expect(await allowed('user:fred', 'viewer')).toBe(true);
  });

  it('skips a parent whose type does not define the relation', async () => {
    expect(await allowed('user:tina', 'viewer')).toBe(false);
  });
});

describe('union', () => {
  it('grants when any operand grants', async () => {
    expect(await allowed('user:olga', 'viewer')).toBe(true);
    expect(await allowed('user:nobody', 'viewer')).toBe(false);
  });
});

describe('intersection', () => {
  it('grants only when every operand grants', async () => {
    expect(await allowed('user:rita', 'reviewer')).toBe(true);
    expect(await allowed('user:rolf', 'reviewer')).toBe(false);
  });
});

describe('exclusion', () => {
  it('grants the base minus the subtracted users', async () => {
    expect(await allowed('user:olga', 'reader')).toBe(true);
    expect(await allowed('user:fred', 'reader')).toBe(false);
  });
});
