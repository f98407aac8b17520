import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareOutputs } from './compare-outputs.ts';

async function output(version: string, stack: Record<string, unknown>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'synth-out-'));
  await mkdir(join(root, 'stacks/local-platform'), { recursive: true });
  await writeFile(join(root, 'manifest.json'), JSON.stringify({ version, stacks: { 'local-platform': {} } }));
  await writeFile(
    join(root, 'stacks/local-platform/cdk.tf.json'),
    JSON.stringify({ '//': { metadata: { version, stackName: 'local-platform' } }, ...stack }),
  );
  return root;
}

describe('compareOutputs (the cdktf → cdktn exit test)', () => {
  const stack = {
    resource: { kubernetes_manifest: { fn: { manifest: { kind: 'Service', spec: { a: [1, 2] } } } } },
  };

  it('treats outputs that differ only in the tool version stamps as identical', async () => {
    expect(await compareOutputs(await output('0.21.0', stack), await output('0.24.0', stack))).toEqual([]);
  });

  it('reports any other difference with its path', async () => {
    const changed = {
      resource: { kubernetes_manifest: { fn: { manifest: { kind: 'Service', spec: { a: [1, 3] } } } } },
    };
    expect(await compareOutputs(await output('0.21.0', stack), await output('0.24.0', changed))).toEqual([
      'stacks/local-platform/cdk.tf.json/resource/kubernetes_manifest/fn/manifest/spec/a[1]: 2 ≠ 3',
    ]);
  });
});
