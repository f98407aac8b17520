import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { agreementsOf } from '../compliance/agreements.ts';
import { complianceFacts } from '../compliance/facts.ts';
import { compliancePackage } from '../compliance/package.ts';
import { readPolicyTexts } from '../compliance/policy-texts.ts';
import { derivedEnv } from '../constructs/function-env.ts';
import { ingressObjects } from '../constructs/ingress.ts';
import { loadRetentionPolicy } from '../constructs/retention-policy.ts';
import { municipalitySecrets } from '../constructs/secrets.ts';
import { checkOutput } from '../sovereignty/check.ts';
import { loadPolicy } from '../sovereignty/policy.ts';
import { loadManifests } from '../synth/manifests.ts';
import { synthesize } from '../synth/synth.ts';
import { EU_MANAGED } from '../targets/eu-managed.ts';
import { loadTargets } from '../targets/index.ts';
import type { TargetInput } from '../targets/schema.ts';
import { municipalityPieces, stillToProvide } from './municipality.ts';

/**
 * A municipality joins the pilot's shared deployment by one entry in the target: code,
 * domain, IdP, upstream endpoints. Everything else follows, and this test checks each piece.
 */
const root = resolve(import.meta.dirname, '../..');
const functions = await loadManifests(root);
const BRONDERSLEV = {
  code: '810',
  domain: 'broenderslev.hoi-region.example',
  issuers: ['https://idp.broenderslev.example'],
  upstreams: { serviceplatformen: 'https://serviceplatformen.example' },
} as const;
const withEntry = (entry: object): TargetInput => ({
  ...EU_MANAGED,
  municipalities: [...EU_MANAGED.municipalities, entry as TargetInput['municipalities'][number]],
});
const [target] = loadTargets(['eu-managed'], { 'eu-managed': withEntry(BRONDERSLEV) });
const added = target!.municipalities.at(-1)!;
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('a municipality by one entry (Brønderslev added to a copy of eu-managed)', () => {
  it('takes its name from the reference list', () => {
    expect(added.name).toBe('Brønderslev Kommune');
    expect(municipalityPieces(target!, functions, added)).toMatchObject({
      code: '810',
      name: 'Brønderslev Kommune',
    });
  });

  it('gets a DomainMapping, a ClusterDomainClaim and its TLS Secret for every external function', () => {
    const objects = ingressObjects(functions, target!).filter((o) =>
      o.metadata.name.endsWith(BRONDERSLEV.domain),
    );
    const external = functions.filter((f) => f.exposure === 'external').map((f) => f.name);
    expect(external.length).toBeGreaterThan(3);
    expect(objects.filter((o) => o.kind === 'ClusterDomainClaim').map((o) => o.metadata.name)).toEqual(
      external.map((f) => `${f}.broenderslev.hoi-region.example`),
    );
    const mapping = objects.find(
      (o) => o.kind === 'DomainMapping' && o.metadata.name.startsWith('case-lookup.'),
    );
    expect(mapping).toMatchObject({
      spec: { ref: { kind: 'Service', name: 'case-lookup' }, tls: { secretName: '810-tls' } },
    });
    expect(municipalitySecrets(target!, functions)).toEqual(['851-tls', '860-tls', '810-tls']);
  });

  it('is its own trust domain, and the organisation sync keeps its organisation', () => {
    const env = derivedEnv(target!);
    expect(env.AUTH_MUNICIPAL_ISSUERS!.split(',')).toContain('810=https://idp.broenderslev.example');
    expect(env.AUTHZ_MUNICIPALITIES).toBe('851,860,810');
    expect(municipalityPieces(target!, functions, added)).toMatchObject({
      trustDomain: ['810=https://idp.broenderslev.example'],
      synced: true,
      upstreams: [{ network: 'serviceplatformen', host: 'serviceplatformen.example' }],
    });
  });

  it('is a controller in the compliance package, with its processor agreement', () => {
    const files = compliancePackage({ target: target!, functions });
    expect(files['README.md']).toContain('| 810 | Brønderslev Kommune | https://idp.broenderslev.example |');
    expect(files['README.md']).toContain('case-lookup.broenderslev.hoi-region.example');
    expect(files['records-of-processing.md']).toContain('Brønderslev Kommune (810)');
    const facts = complianceFacts({
      target: target!,
      functions,
      retention: loadRetentionPolicy(),
      policyTexts: readPolicyTexts(),
    });
    expect(agreementsOf(facts).map((a) => a.between)).toContain(
      'Brønderslev Kommune (controller) ↔ Region Nordjylland (processor)',
    );
  });

  it('passes the sovereignty check once synthesized', async () => {
    const outdir = await mkdtemp(join(tmpdir(), 'hoi-municipality-'));
    dirs.push(outdir);
    synthesize({ outdir, targets: [target!], functions });
    const results = await checkOutput(outdir, await loadPolicy(join(root, 'policies/sovereignty.yaml')));
    expect(results.map((r) => [r.stack, r.violations])).toEqual([
      ['eu-managed-cluster', []],
      ['eu-managed-platform', []],
    ]);
  });

  it('lists what it must still provide, in DEPLOY.md’s order: DNS and certificate, IdP registration, agreements, Secrets, TLS Secret', () => {
    const steps = stillToProvide(target!, functions).filter(
      (s) => s.step.startsWith('810 ') || s.step.startsWith('Secret '),
    );
    expect([...new Set(steps.map((s) => s.section))]).toEqual([
      '1. What you need',
      '2. Write your own target',
      '4. Synthesize, check, deploy',
      '6. Reaching the functions',
    ]);
    expect(steps[0]!.step).toMatch(
      /^810 Brønderslev Kommune: DNS names access-log\.broenderslev\.hoi-region\.example, /,
    );
    expect(steps[1]!.step).toBe(
      '810 Brønderslev Kommune: register the platform at its IdP https://idp.broenderslev.example (tokens with audience "hoi-platform", OpenID discovery served); add an egress entry for idp.broenderslev.example, or the functions cannot fetch its keys',
    );
    expect(steps.map((s) => s.step)).toContain(
      '810 Brønderslev Kommune: service agreement with KOMBIT (Serviceplatformen), in the municipality’s name as data owner for FK Sags- og Dokumentindeks (SF1470) (compliance/eu-managed/agreements.md)',
    );
    expect(steps.at(-1)!.step).toBe(
      '810 Brønderslev Kommune: kubectl -n hoi-platform create secret tls 810-tls --cert=<*.broenderslev.hoi-region.example certificate> --key=<its key>',
    );
  });

  it('refuses an entry that is no Danish municipality, a wrong name, or an upstream no egress entry reaches', () => {
    const load = (entry: object) => () => loadTargets(['eu-managed'], { 'eu-managed': withEntry(entry) });
    expect(load({ ...BRONDERSLEV, code: '999' })).toThrow(
      'targets/eu-managed: municipalities[2].code is not a Danish municipality code',
    );
    expect(load({ ...BRONDERSLEV, name: 'Brønderslev' })).toThrow(
      'targets/eu-managed: municipalities[2].name must be "Brønderslev Kommune" (the reference name of 810), or left out',
    );
    expect(load({ ...BRONDERSLEV, upstreams: { nsp: 'https://nsp.broenderslev.example' } })).toThrow(
      'targets/eu-managed: municipalities[2].upstreams.nsp host nsp.broenderslev.example is in no egress entry (egress[].host): the functions could not reach it',
    );
  });
});
