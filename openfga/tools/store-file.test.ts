import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { embeddedAuthorizerFactory } from '../../functions/openfga-embedded/index.ts';
import { loadStoreFile, runStoreFile, StoreFileError } from './store-file.ts';

async function folderWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hoi-store-'));
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

const MODEL =
  'model\n  schema 1.1\ntype user\ntype group\n  relations\n    define member: [user]\ntype doc\n  relations\n    define viewer: [user, group#member]\n';

const STORE = `name: Docs
model_file: ./model.fga
tuple_file: ./tuples.yaml
tuples:
  # Eng may view doc 1
  - user: group:eng#member
    relation: viewer
    object: doc:1
tests:
  - name: members view
    tuples:
      # Anne is in eng
      - user: user:anne
        relation: member
        object: group:eng
    check:
      - users: [user:anne, user:bob]
        object: doc:1
        assertions:
          viewer: false
    list_objects:
      - user: user:anne
        type: doc
        assertions:
          viewer: [doc:1, doc:2]
    list_users:
      - object: doc:1
        user_filter:
          - type: user
        assertions:
          viewer:
            users: [user:anne]
`;

describe('store files', () => {
  it('run every assertion in a fresh store of the file and test tuples, one result each', async () => {
    const dir = await folderWith({
      'model.fga': MODEL,
      'tuples.yaml': '- user: user:bob\n  relation: viewer\n  object: doc:2\n',
      'store.fga.yaml': STORE,
    });
    const results = await runStoreFile(join(dir, 'store.fga.yaml'), async (fixture) => {
      const { listObjects, check, batchCheck, explain, ready, close } =
        await embeddedAuthorizerFactory(fixture);
      return { listObjects, check, batchCheck, explain, ready, close };
    });
    expect(
      results.map(({ kind, user, relation, object, expected, actual, pass, skipped }) => ({
        kind,
        user,
        relation,
        object,
        expected,
        actual,
        pass,
        skipped,
      })),
    ).toEqual([
      {
        kind: 'check',
        user: 'user:anne',
        relation: 'viewer',
        object: 'doc:1',
        expected: false,
        actual: true,
        pass: false,
        skipped: undefined,
      },
      {
        kind: 'check',
        user: 'user:bob',
        relation: 'viewer',
        object: 'doc:1',
        expected: false,
        actual: false,
        pass: true,
        skipped: undefined,
      },
      {
        kind: 'list_objects',
        user: 'user:anne',
        relation: 'viewer',
        object: 'doc',
        expected: ['doc:1', 'doc:2'],
        actual: ['doc:1'],
        pass: false,
        skipped: undefined,
      },
      {
        kind: 'list_users',
        user: 'user',
        relation: 'viewer',
        object: 'doc:1',
        expected: ['user:anne'],
        actual: undefined,
        pass: false,
        skipped: 'the authorizer does not implement ListUsers',
      },
    ]);
    expect(results.every((r) => r.file.endsWith('store.fga.yaml') && r.test === 'members view')).toBe(true);
  });

  it('read tuples from CSV files', async () => {
    const dir = await folderWith({
      'model.fga': MODEL,
      'tuples.csv':
        'user_type,user_id,user_relation,relation,object_type,object_id\ngroup,eng,member,viewer,doc,3\n',
      'store.fga.yaml': 'model_file: ./model.fga\ntuple_file: ./tuples.csv\ntests:\n  - name: t\n',
    });
    expect((await loadStoreFile(join(dir, 'store.fga.yaml'))).tuples).toEqual([
      { user: 'group:eng#member', relation: 'viewer', object: 'doc:3' },
    ]);
  });

  it('report errors as answers, with the OpenFGA code', async () => {
    const dir = await folderWith({
      'store.fga.yaml': `model: |\n${MODEL.trimEnd().replace(/^/gm, '  ')}\ntests:\n  - name: t\n    check:\n      - user: user:anne\n        object: doc:1\n        assertions:\n          owner: false\n`,
    });
    const [result] = await runStoreFile(join(dir, 'store.fga.yaml'), embeddedAuthorizerFactory);
    expect(result).toMatchObject({ expected: false, actual: { error: '2000' }, pass: false });
  });

  it('reject unknown keys and a missing model, naming the place', async () => {
    const dir = await folderWith({
      'extra.fga.yaml':
        'model_file: ./m.fga\ntests:\n  - name: t\n    check:\n      - user: user:a\n        object: doc:1\n        colour: red\n        assertions: {}\n',
      'bare.fga.yaml': 'tests: []\n',
    });
    await expect(loadStoreFile(join(dir, 'extra.fga.yaml'))).rejects.toThrow(
      /tests\[0\]\.check\[0\]: unknown key 'colour'/,
    );
    await expect(loadStoreFile(join(dir, 'bare.fga.yaml'))).rejects.toThrow(StoreFileError);
  });
});
