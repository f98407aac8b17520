import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadModel } from './model.ts';
import { readModelFile } from './model-file.ts';

const dsl = fileURLToPath(new URL('../../../openfga/model/model.fga', import.meta.url));

describe('readModelFile', () => {
  it('reads a model compiled to JSON exactly as the DSL compiles', async () => {
    const compiled = await loadModel(dsl);
    const file = join(await mkdtemp(join(tmpdir(), 'model-')), 'authorization-model.json');
    await writeFile(file, JSON.stringify(compiled));
    expect(await readModelFile(file)).toEqual(compiled);
    expect(await readModelFile(dsl)).toEqual(compiled);
  });

  it('refuses a JSON file that is not a model, naming the file', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'model-')), 'bad.json');
    await writeFile(file, '{"types":[]}');
    await expect(readModelFile(file)).rejects.toThrow(`${file}: not an authorization model`);
  });
});
