import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPolicyDocument } from './policy-document.ts';

describe('readPolicyDocument', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'policy-document-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads YAML, the form security reviews', async () => {
    const path = join(dir, 'p.yaml');
    await writeFile(path, 'version: 1\nstored:\n  case: [parent]\n');
    expect(await readPolicyDocument(path)).toEqual({ version: 1, stored: { case: ['parent'] } });
  });

  it('reads the compiled JSON of the same document to the same value', async () => {
    const path = join(dir, 'p.json');
    await writeFile(path, JSON.stringify({ version: 1, stored: { case: ['parent'] } }));
    expect(await readPolicyDocument(path)).toEqual({ version: 1, stored: { case: ['parent'] } });
  });

  it('rejects a .json file that is not JSON, instead of reading it as YAML', async () => {
    const path = join(dir, 'bad.json');
    await writeFile(path, 'version: 1\n');
    await expect(readPolicyDocument(path)).rejects.toThrow(SyntaxError);
  });
});
