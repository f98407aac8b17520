import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHARTS, DEFAULT_IMAGES } from '../targets/defaults.ts';

/** `.ci/crds.txt`: module → version of the CRDs the API-server check installs. */
const pinned = new Map(
  readFileSync(resolve(import.meta.dirname, '../../.ci/crds.txt'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => {
      const [module, version] = line.split(/\s+/);
      return [module!, version!] as const;
    }),
);

/** Knative 1.N is released as Go module v0.(N+27): 1.18 is v0.45. */
const knativeModule = (release: string) => {
  const [, minor] = /^v?1\.(\d+)\./.exec(release)!;
  return `v0.${Number(minor) + 27}.`;
};

describe('the CRDs CI validates against are those of the releases the stacks install', () => {
  it("Knative Serving's and Eventing's are the minor release the pinned operator chart installs", () => {
    const minor = knativeModule(DEFAULT_CHARTS.knativeOperator.version);
    expect(pinned.get('knative.dev/serving')).toMatch(new RegExp(`^${minor}`));
    expect(pinned.get('knative.dev/eventing')).toMatch(new RegExp(`^${minor}`));
  });

  it('the operator’s own CRDs are v0.42.2 while the module proxy serves no 1.18 release of knative.dev/operator', () => {
    // Knative's operator tags 1.18 as knative-v1.18.1 only, which is no Go module version; the
    // newest it published as one is v0.42.2 (1.15). Bump this when the chart changes.
    expect(DEFAULT_CHARTS.knativeOperator.version).toBe('v1.18.1');
    expect(pinned.get('knative.dev/operator')).toBe('v0.42.2');
  });

  it("CloudNativePG's are those of the operator image the cloudnative-pg chart is set to run", () => {
    expect(pinned.get('github.com/cloudnative-pg/cloudnative-pg')).toBe(
      `v${DEFAULT_IMAGES.cnpgOperator.version}`,
    );
    expect(DEFAULT_CHARTS.cloudnativePg.version).toBe('0.26.0');
  });

  it('Knative networking is the version Serving itself requires', () => {
    const servingMod = readFileSync(resolve(import.meta.dirname, '../../.ci/operator-check/go.mod'), 'utf8');
    const required = /knative\.dev\/networking (\S+)/.exec(servingMod)?.[1];
    expect(pinned.get('knative.dev/networking')).toBe(required);
    expect(/knative\.dev\/serving (\S+)/.exec(servingMod)?.[1]).toBe(pinned.get('knative.dev/serving'));
    expect(/knative\.dev\/eventing (\S+)/.exec(servingMod)?.[1]).toBe(pinned.get('knative.dev/eventing'));
  });
});
