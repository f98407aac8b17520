import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel, ModelError, modelFromDsl } from './model.ts';

const DSL = 'model\n  schema 1.1\ntype user\ntype document\n  relations\n    define viewer: [user]\n';

async function folderWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hoi-model-'));
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

describe('modelFromDsl', () => {
  it('turns DSL into the JSON body of WriteAuthorizationModel', () => {
    const model = modelFromDsl(DSL);
    expect(model.schema_version).toBe('1.1');
    expect(model.type_definitions).toEqual([
      { type: 'user', relations: {}, metadata: null },
      {
        type: 'document',
        relations: { viewer: { this: {} } },
        metadata: { relations: { viewer: { directly_related_user_types: [{ type: 'user' }] } } },
      },
    ]);
  });

  it('names the source and the problem of an invalid model', () => {
    expect(() => modelFromDsl(`${DSL}    define editor: owner\n`, 'policy.fga')).toThrow(
      /policy\.fga: invalid model: .*owner/,
    );
  });
});

describe('loadModel', () => {
  it('reads a .fga file', async () => {
    const dir = await folderWith({ 'model.fga': DSL });
    expect((await loadModel(join(dir, 'model.fga'))).type_definitions).toHaveLength(2);
  });

  it('combines the modules an fga.mod manifest lists, extensions included', async () => {
    const dir = await folderWith({
      'fga.mod': 'schema: "1.2"\ncontents:\n  - core.fga\n  - docs.fga\n',
      'core.fga': 'module core\ntype user\ntype org\n  relations\n    define member: [user]\n',
      'docs.fga':
        'module docs\nextend type org\n  relations\n    define reader: member\ntype doc\n  relations\n    define org: [org]\n    define viewer: reader from org\n',
    });
    const model = await loadModel(join(dir, 'fga.mod'));
    expect(model.schema_version).toBe('1.2');
    const org = model.type_definitions.find((t) => (t as { type: string }).type === 'org') as {
      relations: object;
    };
    expect(Object.keys(org.relations).sort()).toEqual(['member', 'reader']);
  });

  it('names the file it cannot read or parse', async () => {
    const dir = await folderWith({ 'broken.fga': 'model\n  schema 1.1\ntype\n' });
    await expect(loadModel(join(dir, 'missing.fga'))).rejects.toThrow(/missing\.fga: cannot read/);
    await expect(loadModel(join(dir, 'broken.fga'))).rejects.toThrow(ModelError);
    await expect(loadModel(join(dir, 'broken.fga'))).rejects.toThrow(/broken\.fga/);
  });
});
