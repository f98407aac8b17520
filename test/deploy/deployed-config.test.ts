import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkConfig } from '../../functions/kit/check-config.ts';
import { findFunctions } from '../../functions/kit/find-functions.ts';
import { loadManifests } from '../../infra/synth/manifests.ts';
import { buildApp } from '../../infra/synth/synth.ts';
import { loadTargets } from '../../infra/targets/index.ts';

/**
 * Each synthesized Knative Service's environment — its values, and stand-ins for
 * what Secrets and the OpenFGA bootstrap's ConfigMap hold — run through the
 * function's own configuration loading: every function of every target would
 * start, instead of stopping at its first missing variable.
 */
const root = resolve(import.meta.dirname, '../..');
const outdir = mkdtempSync(join(tmpdir(), 'hoi-deployed-config-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** What a Secret or the bootstrap ConfigMap would hold, in the form the variable takes. */
const STAND_INS: Readonly<Record<string, string>> = {
  PSEUDONYM_KEY: 'ab'.repeat(32),
  PORTAL_SESSION_KEY: 'cd'.repeat(32),
  SYNC_TOKEN: 's'.repeat(40),
  GATEWAY_TOKEN: 'g'.repeat(40),
  OUTBOX_TOKEN: 'o'.repeat(40),
  FGA_API_TOKEN: 'preshared-key',
  DATABASE_PASSWORD: 'password',
  FGA_STORE_ID: '01JAAAAAAAAAAAAAAAAAAAAAAA',
  FGA_MODEL_ID: '01JAAAAAAAAAAAAAAAAAAAAAAB',
};

interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: unknown;
}
interface Service {
  readonly kind: string;
  readonly apiVersion: string;
  readonly metadata: { readonly name: string };
  readonly spec: { readonly template: { readonly spec: { readonly containers: { env?: EnvVar[] }[] } } };
}

const targets = loadTargets([]);
const manifests = await loadManifests(root);
const { stacks } = buildApp({ outdir, targets, functions: manifests });
const found = await findFunctions();

describe('every deployed function starts with the environment its target gives it', () => {
  for (const [i, target] of targets.entries()) {
    const services = (stacks[i]!.platform.objects as unknown as Service[]).filter(
      (o) => o.apiVersion === 'serving.knative.dev/v1' && o.kind === 'Service',
    );

    it(`${target.name}: deploys a Service for each function`, () => {
      const expected = manifests.filter((m) => !m.sandbox || target.sandbox).map((m) => m.name);
      expect(services.map((s) => s.metadata.name).sort()).toEqual(expected.sort());
    });

    for (const service of services) {
      it(`${target.name}: ${service.metadata.name} loads its configuration from its Service's environment`, async () => {
        const env: Record<string, string> = {};
        for (const variable of service.spec.template.spec.containers[0]!.env ?? []) {
          const value = variable.value ?? STAND_INS[variable.name];
          if (value === undefined)
            throw new Error(`no stand-in for ${variable.name}, which comes from a reference`);
          env[variable.name] = value;
        }
        const fn = found.find((f) => f.manifest.name === service.metadata.name)!;
        await expect(checkConfig(fn.manifest, env)).resolves.toBeUndefined();
        const module = await fn.load();
        if (module.checkSettings) expect(() => module.checkSettings!(env)).not.toThrow();
        if (fn.manifest.uses.includes('tokens')) {
          // The target's municipalities are the ones trusted, each by its own issuer.
          expect(env.AUTH_MUNICIPAL_ISSUERS!.split(',').map((e) => e.split('=')[0])).toEqual(
            target.municipalities.flatMap((m) => m.issuers.map(() => m.code)),
          );
        }
      });
    }
  }

  it('takes the municipality list from the target: eu-managed syncs 851 and 860', () => {
    const euManaged = stacks[targets.findIndex((t) => t.name === 'eu-managed')]!;
    const sync = (euManaged.platform.objects as unknown as Service[]).find(
      (o) => o.kind === 'Service' && o.metadata.name === 'authz-sync',
    )!;
    const env = sync.spec.template.spec.containers[0]!.env ?? [];
    expect(env.find((v) => v.name === 'AUTHZ_MUNICIPALITIES')?.value).toBe('851,860');
  });

  it('the check fails for an environment a function cannot start with (the check is not vacuous)', async () => {
    const caseLookup = found.find((f) => f.manifest.name === 'case-lookup')!;
    await expect(checkConfig(caseLookup.manifest, { UPSTREAM_BASE_URL: 'http://x' })).rejects.toThrow(
      /PSEUDONYM_KEY/,
    );
    await expect(
      checkConfig(caseLookup.manifest, {
        UPSTREAM_BASE_URL: 'http://x',
        PSEUDONYM_KEY: 'ab'.repeat(32),
        AUTH_MUNICIPAL_ISSUERS: '999=https://idp.example',
        AUTH_MUNICIPAL_AUDIENCE: 'hoi',
      }),
    ).rejects.toThrow(/AUTH_MUNICIPAL_ISSUERS.*999 is no Danish municipality/);
  });
});
