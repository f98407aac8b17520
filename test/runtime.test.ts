import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

describe('runtime', () => {
  it('runs on Node 24 LTS, from the pinned npm `node` package', () => {
    expect(process.versions.node.split('.')[0]).toBe('24');
    expect(pkg.devDependencies.node).toMatch(/^24\.\d+\.\d+$/);
    expect(process.versions.node).toBe(pkg.devDependencies.node);
  });

  it('declares engines.node >= 22 and pins 24 in .node-version', () => {
    expect(pkg.engines.node).toBe('>=22');
    expect(readFileSync(new URL('../.node-version', import.meta.url), 'utf8').trim()).toBe('24');
  });
});
