import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { agreementsOf } from '../compliance/agreements.ts';
import { complianceFacts } from '../compliance/facts.ts';
import { compliancePackage } from '../compliance/package.ts';
import { readPolicyTexts } from '../compliance/policy-texts.ts';
import { derivedEnv } from '../constructs/function-env.ts';
import { ingressObjects } from '../constructs/ingress.ts';
import { knativeService } from '../constructs/knative-service.ts';
import { loadRetentionPolicy } from '../constructs/retention-policy.ts';
import { municipalitySecrets } from '../constructs/secrets.ts';
import { checkOutput } from '../sovereignty/check.ts';
import { loadPolicy } from '../sovereignty/policy.ts';
import { loadManifests } from '../synth/manifests.ts';
import { synthesize } from '../synth/synth.ts';
import { EU_MANAGED } from '../targets/eu-managed.ts';
import { loadTargets } from '../targets/index.ts';
import { readRelevantCasesFile } from '../targets/relevant-cases-file.ts';
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
  // Any reviewed file under policies/municipalities/ will do; Hjørring's is the one there is.
  relevantCases: 'policies/municipalities/860-relevant-cases.yaml',
  klePlan: { configMap: 'kle-plan-810' },
} as const;
const withEntry = (entry: object): TargetInput => ({
  ...EU_MANAGED,
  municipalities: [...EU_MANAGED.municipalities, entry as TargetInput['municipalities'][number]],
});
const [target] = loadTargets(['eu-managed'], { 'eu-managed': withEntry(BRONDERSLEV) });
const added = target!.municipalities.at(-1)!;
// biome-ignore lint/suspicious/noExplicitAny: the test reads a Knative Service loosely
type Json = Record<string, any>;
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
    const deploy = steps.filter((s) => s.section === '4. Synthesize, check, deploy').map((s) => s.step);
    // Its ConfigMap after the target's Secrets, in DEPLOY.md's "KLE plans" paragraph.
    expect(deploy.at(-1)).toBe(
      '810 Brønderslev Kommune: create ConfigMap kle-plan-810 from your KLE subscription: kubectl -n hoi-platform create configmap kle-plan-810 --from-file=kle-emneplan.xml=<your kle-emneplan.xml>',
    );
    expect(deploy.slice(0, -1).every((s) => s.startsWith('Secret '))).toBe(true);
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

  it('POL-004.7: its own choices file and KLE plan follow: the env variables, the read-only mount, the compliance record, the ConfigMap step', () => {
    const env = derivedEnv(target!);
    expect(env.RELEVANT_CASES_BY_MUNICIPALITY).toBe(
      // The compiled form the image reads (no YAML parser there); the reviewed YAML beside it.
      '860=dist/policies/municipalities/860-relevant-cases.json,810=dist/policies/municipalities/860-relevant-cases.json',
    );
    expect(env.KLE_PLAN_BY_MUNICIPALITY).toBe(
      '860=/etc/hoi/kle-plan/860/kle-emneplan.xml,810=/etc/hoi/kle-plan/810/kle-emneplan.xml',
    );
    expect(municipalityPieces(target!, functions, added)).toMatchObject({
      relevantCases: 'policies/municipalities/860-relevant-cases.yaml',
      klePlan: { configMap: 'kle-plan-810', file: '/etc/hoi/kle-plan/810/kle-emneplan.xml' },
    });
    const aalborg = target!.municipalities[0]!;
    expect(municipalityPieces(target!, functions, aalborg).relevantCases).toBe(
      'policies/relevant-cases.yaml',
    );
    expect(municipalityPieces(target!, functions, aalborg).klePlan).toBeUndefined();

    // Only authz-sync reads the plans: it alone gets the variables and the mounts.
    const sync = knativeService(functions.find((f) => f.name === 'authz-sync')!, target!) as Json;
    const pod = sync.spec.template.spec;
    const container = pod.containers[0];
    expect(container.env).toContainEqual({
      name: 'KLE_PLAN_BY_MUNICIPALITY',
      value: env.KLE_PLAN_BY_MUNICIPALITY,
    });
    expect(container.env).toContainEqual({
      name: 'RELEVANT_CASES_BY_MUNICIPALITY',
      value: env.RELEVANT_CASES_BY_MUNICIPALITY,
    });
    expect(pod.volumes).toContainEqual({
      name: 'kle-plan-810',
      configMap: {
        name: 'kle-plan-810',
        items: [{ key: 'kle-emneplan.xml', path: 'kle-emneplan.xml' }],
        optional: true,
      },
    });
    expect(container.volumeMounts).toContainEqual({
      name: 'kle-plan-810',
      mountPath: '/etc/hoi/kle-plan/810',
      readOnly: true,
    });
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    const lookup = knativeService(functions.find((f) => f.name === 'case-lookup')!, target!) as Json;
    expect(lookup.spec.template.spec.volumes.map((v: { name: string }) => v.name)).toEqual(['tmp']);
    expect(lookup.spec.template.spec.containers[0].env.map((e: { name: string }) => e.name)).not.toContain(
      'KLE_PLAN_BY_MUNICIPALITY',
    );

    const records = compliancePackage({ target: target!, functions })['records-of-processing.md']!;
    expect(records).toContain(
      '- Brønderslev Kommune (810): its own, `policies/municipalities/860-relevant-cases.yaml` — KLE subjects shown to health (POL-004.2): leaves out 27.25.12. Checked against its own KLE plan (ConfigMap `kle-plan-810`): a number it does not hold withholds all its choices.',
    );
    expect(records).toContain('- Aalborg Kommune (851): the default.\n');
  });

  it('POL-004.7: refuses a choices file that does not exist or does not parse, naming target and field', async () => {
    const load = (entry: object) => () => loadTargets(['eu-managed'], { 'eu-managed': withEntry(entry) });
    expect(load({ ...BRONDERSLEV, relevantCases: 'policies/relevant-cases.yaml' })).toThrow(
      'targets/eu-managed: municipalities[2].relevantCases must be a file policies/municipalities/<name>.yaml',
    );
    expect(load({ ...BRONDERSLEV, relevantCases: 'policies/municipalities/810-none.yaml' })).toThrow(
      'targets/eu-managed: municipalities[2].relevantCases names policies/municipalities/810-none.yaml, which does not exist',
    );
    // What the schema reads behind that message: a file that does not parse names its first bad field.
    const repo = await mkdtemp(join(tmpdir(), 'hoi-choices-'));
    dirs.push(repo);
    await mkdir(join(repo, 'policies/municipalities'), { recursive: true });
    const bad = 'policies/municipalities/810-relevant-cases.yaml';
    await writeFile(join(repo, bad), 'version: 1\nkle_subjects:\n  - number: "34.10"\n    about: a group\n');
    expect(() => readRelevantCasesFile(bad, repo)).toThrow(
      `names ${bad}, which is invalid at kle_subjects.0.number`,
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
