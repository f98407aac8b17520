import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FunctionManifest } from '../constructs/function-manifest.ts';
import { loadRetentionPolicy, parseRetentionPolicy } from '../constructs/retention-policy.ts';
import { loadManifests } from '../synth/manifests.ts';
import { loadTargets } from '../targets/index.ts';
import { agreementsOf } from './agreements.ts';
import { dataFlowSvg } from './data-flow.ts';
import { dpiaInputs } from './dpia.ts';
import { ComplianceError, type ComplianceFacts, complianceFacts, type FactSources } from './facts.ts';
import { COMPLIANCE_DIR, compliancePackage, PACKAGE_FILES } from './package.ts';
import { readPolicyTexts } from './policy-texts.ts';

const root = resolve(import.meta.dirname, '../..');
const functions = await loadManifests(root);
const targets = loadTargets();
const euManaged = targets.find((t) => t.name === 'eu-managed')!;
const sources = (over: Partial<FactSources> = {}): FactSources => ({
  target: euManaged,
  functions,
  retention: loadRetentionPolicy(),
  policyTexts: readPolicyTexts(),
  ...over,
});
const facts: ComplianceFacts = complianceFacts(sources());
const record = (name: string) => facts.functions.find((f) => f.name === name)!;
const missingOf = (over: Partial<FactSources>) => {
  try {
    complianceFacts(sources(over));
  } catch (error) {
    if (error instanceof ComplianceError) return error.missing;
    throw error;
  }
  return [];
};
const withManifest = (name: string, change: (m: FunctionManifest) => FunctionManifest) =>
  functions.map((f) => (f.name === name ? change(f) : f));

describe('the compliance package of eu-managed, from the real manifests and policies', () => {
  it('has a record for every deployed function, found by its manifest (the sandbox only where deployed)', () => {
    expect(facts.functions.map((f) => f.name)).toEqual([
      'access-log',
      'appointments',
      'authz-sync',
      'case-lookup',
      'correspondence',
      'portal',
      'school-lookup',
    ]);
    const local = complianceFacts(sources({ target: targets.find((t) => t.name === 'local')! }));
    expect(local.functions.find((f) => f.name === 'sandbox')).toMatchObject({
      processes: false,
      noneReason: expect.stringMatching(/^synthetic upstreams/),
    });
  });

  it('states case-lookup’s purpose as POL-004 does, its legal bases, subjects, categories, sources and recipients', () => {
    const caseLookup = record('case-lookup');
    expect(caseLookup.purposes.map((p) => p.id)).toEqual(['POL-004', 'POL-008']);
    expect(caseLookup.purposes[0]!.purpose).toMatch(/^A GP \(from the practice system\) or a psychiatrist/);
    expect(caseLookup.legalBases.map((b) => b.key)).toEqual([
      'gdpr-6-1-e',
      'gdpr-9-2-h',
      'barnets-lov',
      'sundhedsloven',
      'dbl-11',
    ]);
    expect(caseLookup.subjects.map((s) => s.key)).toEqual([
      'child',
      'employee',
      'guardian',
      'health-professional',
    ]);
    expect(caseLookup.categories).toEqual(
      expect.arrayContaining([
        'cpr-number',
        'municipal-case',
        'psychiatry-course',
        'citizen-blocks',
        'access-record',
      ]),
    );
    expect(caseLookup.upstreams.map((u) => u.system)).toContain('FK Sags- og Dokumentindeks (SF1470)');
    expect(caseLookup.recipients.map((r) => r.key)).toEqual(['web-app']);
    expect(caseLookup.stores.map((s) => s.id)).toEqual([
      'audit-log',
      'authorization-copy',
      'function-logs',
      'telemetry',
    ]);
  });

  it('says where data is processed and that every place is in the EU/EEA', () => {
    expect(facts.places.map((p) => p.country)).toEqual(['DK', 'DK', 'DK', 'DK', 'DK']);
    const files = compliancePackage({ target: euManaged, functions });
    expect(files['records-of-processing.md']).toContain(
      'Every place the deployment keeps or sends data is in DK (EU/EEA): nothing leaves the EU/EEA',
    );
    const abroad = {
      ...euManaged,
      telemetry: [
        { name: 'apm', endpoint: 'https://apm.example', cidrs: ['192.0.2.1/32'], port: 443, country: 'US' },
      ],
    };
    expect(missingOf({ target: abroad })).toEqual([
      'targets/eu-managed: telemetry exporter apm (https://apm.example) is in US, outside the EU/EEA',
    ]);
  });

  it('lists the pilot’s agreements: the integration component ↔ FK Sags- og Dokumentindeks, FK Organisation, CPR; the web app ↔ the integration component', () => {
    const between = agreementsOf(facts).map((a) => a.between);
    expect(between).toEqual(
      expect.arrayContaining([
        'the integration component (HOI Platform) ↔ FK Sags- og Dokumentindeks (SF1470)',
        'the integration component (HOI Platform) ↔ FK Organisation (SF1500)',
        'the integration component (HOI Platform) ↔ CPR, Det Centrale Personregister (through Serviceplatformen)',
        'the web app (knap-integration from LPS and EPJ) and its operator ↔ the integration component (HOI Platform)',
        'Aalborg Kommune (controller) ↔ Region Nordjylland (processor)',
        'Hjørring Kommune (controller) ↔ Region Nordjylland (processor)',
      ]),
    );
    const caseIndex = agreementsOf(facts).find((a) => a.between.endsWith('(SF1470)'))!;
    expect(caseIndex).toMatchObject({
      kind: 'service',
      functions: ['access-log', 'appointments', 'case-lookup', 'correspondence'],
    });
    // One municipality running its own platform needs no processor agreement with itself.
    const selfHosted = complianceFacts(sources({ target: targets.find((t) => t.name === 'self-hosted')! }));
    expect(agreementsOf(selfHosted).filter((a) => a.between.endsWith('(processor)'))).toEqual([]);
  });

  it('POL-009.7: a telemetry exporter gets an agreement that it keeps no personal data at most 30 days', () => {
    const withExporter = {
      ...euManaged,
      telemetry: [
        {
          name: 'tempo',
          endpoint: 'https://tempo.region.example',
          cidrs: ['192.0.2.9/32'],
          port: 443,
          operator: 'Region IT',
        },
      ],
    };
    const rows = agreementsOf(complianceFacts(sources({ target: withExporter })));
    expect(rows).toContainEqual(
      expect.objectContaining({
        between: 'Region Nordjylland ↔ Region IT',
        covers:
          'receiving traces and metrics at https://tempo.region.example: no personal data, kept at most 30 days (POL-009.7)',
      }),
    );
    expect(facts.stores.find((s) => s.id === 'telemetry')?.retention).toEqual({ days: 30, from: 'export' });
  });

  it('finds the DPIA’s high-risk factors present, each answered by rules that exist', () => {
    const inputs = dpiaInputs(facts);
    expect(inputs.map((i) => i.factor.id)).toEqual([
      'children',
      'health-data',
      'social-data',
      'combination-of-sources',
      'national-identifier',
      'monitoring-of-employees',
    ]);
    expect(inputs.find((i) => i.factor.id === 'health-data')!.functions).toEqual([
      'appointments',
      'case-lookup',
      'correspondence',
      'portal',
      'school-lookup',
    ]);
    const rules = readPolicyTexts().rules;
    for (const input of inputs)
      for (const measure of input.factor.measures) expect(rules.has(measure)).toBe(true);
  });

  it('POL-009.1: has a retention for every store, each enforced: no open item', () => {
    expect(facts.stores.map((s) => s.id)).toEqual([
      'audit-log',
      'correspondence-content',
      'correspondence-status',
      'authorization-store',
      'authorization-copy',
      'backups',
      'telemetry',
      'function-logs',
      'checkpoint-store',
    ]);
    const table = compliancePackage({ target: euManaged, functions })['retention.md']!;
    expect(table).toContain(
      '| Audit log (employee behaviour; the source of MinLog) | PostgreSQL cluster audit-db, table audit_record |',
    );
    expect(table).toContain(
      '| 1826 days from the access it records | the `audit-checkpoint` CronJob (`AUDIT_RETENTION_DAYS`) | POL-009.2 |',
    );
    expect(table).toContain('| 90 days (`database.retention: 90d`) |');
    expect(table).toContain(
      '| 1826 days from the message | the `correspondence` schedule `retention` (`CORRESPONDENCE_RECORD_RETENTION_DAYS`) | POL-009.1 |',
    );
    // A function checking permissions holds a copy of the store where the target turns it on (POL-002.6).
    expect(table).toContain(
      "| while the OpenFGA store holds the fact and the process runs | what removes it from `authorization-store`, followed: the copy replays the store's own changes (ReadChanges)",
    );
    expect(table).toContain('## Open items\n\nNone: every store of personal data has an enforced retention.');
  });

  it('POL-002.6: lists the copy of the store for each function that checks permissions, only where the target turns it on', () => {
    const holdsCopy = (f: (typeof facts.functions)[number]) =>
      f.stores.some((s) => s.id === 'authorization-copy');
    expect(facts.functions.filter(holdsCopy).map((f) => f.name)).toEqual(
      functions
        .filter((f) => f.uses.includes('authorizer') && facts.functions.some((d) => d.name === f.name))
        .map((f) => f.name),
    );
    const off = complianceFacts(
      sources({ target: { ...euManaged, env: { ...euManaged.env, AUTHZ_REPLICA: 'off' } } }),
    );
    expect(off.functions.filter(holdsCopy)).toEqual([]);
    expect(off.stores.map((s) => s.id)).not.toContain('authorization-copy');
  });

  it('draws the data-flow map from the facts: every function, source and store, pulled vs stored, the same every time', () => {
    const svg = dataFlowSvg(facts);
    expect(svg).toBe(dataFlowSvg(complianceFacts(sources())));
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    for (const name of ['case-lookup', 'FK Sags- og Dokumentindeks (SF1470)', 'Audit log', 'kept 1826 days'])
      expect(svg).toContain(`>${name}<`);
    expect(svg.match(/marker-end="url\(#arrow-pull\)"/g)?.length).toBe(
      facts.functions.reduce((n, f) => n + f.upstreams.length, 0),
    );
    expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });
});

describe('the package fails naming the missing fact', () => {
  it('POL-009.1: a function without a stated purpose and legal basis, an unknown basis, a store without a retention', () => {
    const noProcessing = withManifest(
      'school-lookup',
      ({ processing: _, ...rest }) => rest as FunctionManifest,
    );
    expect(missingOf({ functions: noProcessing })).toEqual([
      'functions/school-lookup/manifest.ts: no processing (stated purpose and legal basis)',
    ]);
    const badBasis = withManifest('case-lookup', (m) => ({
      ...m,
      processing: {
        policies: ['POL-004', 'POL-099'],
        legalBasis: ['gdpr-6-1-x'],
        recipients: ['web-app'],
        categories: [],
        stores: ['diary'],
      },
    }));
    expect(missingOf({ functions: badBasis })).toEqual([
      'functions/case-lookup/manifest.ts: policy POL-099 has no stated purpose (policies/POL-099-*.md, ## Purpose)',
      'functions/case-lookup/manifest.ts: unknown legal basis gdpr-6-1-x (functions/kit/processing.ts LEGAL_BASES)',
      'functions/case-lookup/manifest.ts: store diary has no retention in policies/retention.yaml',
    ]);
    const retention = loadRetentionPolicy();
    const withoutAudit = { ...retention, stores: retention.stores.filter((s) => s.id !== 'audit-log') };
    expect(missingOf({ retention: withoutAudit })).toEqual(
      expect.arrayContaining([
        'functions/case-lookup/manifest.ts: store audit-log has no retention in policies/retention.yaml',
      ]),
    );
  });

  it('an upstream without a data category, a function claiming no personal data while pulling some', () => {
    const unknownUpstream = withManifest('case-lookup', (m) => ({
      ...m,
      upstreams: [...m.upstreams, 'diary-service'],
    }));
    expect(missingOf({ functions: unknownUpstream })).toEqual([
      'functions/case-lookup/manifest.ts: upstream diary-service has no data category (functions/kit/processing.ts UPSTREAM_FACTS)',
    ]);
    const claimsNone = withManifest('school-lookup', (m) => ({
      ...m,
      processing: { none: 'nothing to see' },
    }));
    expect(missingOf({ functions: claimsNone })).toEqual([
      'functions/school-lookup/manifest.ts: says it processes no personal data, but its upstreams or kit parts carry some',
    ]);
  });

  it('POL-009.6: backups kept longer than 90 days are refused, naming the target field', () => {
    const longBackups = { ...euManaged, database: { ...euManaged.database, retention: '6m' } };
    expect(missingOf({ target: longBackups })).toEqual([
      'targets/eu-managed: database.retention 6m keeps backups longer than 90 days (POL-009.6)',
    ]);
  });

  it('a retention whose enforcement names a schedule that does not exist, or a bad retention file', () => {
    const retention = loadRetentionPolicy();
    const renamed = {
      ...retention,
      stores: retention.stores.map((s) =>
        s.id === 'correspondence-content' ? { ...s, enforced_by: { schedule: 'correspondence/cleanup' } } : s,
      ),
    };
    expect(missingOf({ retention: renamed })).toEqual([
      'policies/retention.yaml: store correspondence-content: function correspondence has no schedule cleanup',
    ]);
    const following = {
      ...retention,
      stores: retention.stores.map((s) =>
        s.id === 'authorization-copy'
          ? { ...s, enforced_by: { follows: 'authz-cache', how: 'by magic' } }
          : s,
      ),
    };
    expect(missingOf({ retention: following })).toEqual([
      'policies/retention.yaml: store authorization-copy: follows store authz-cache, which is not in the file',
    ]);
    expect(() => parseRetentionPolicy('version: 1\nstores:\n  - id: x\n')).toThrow(
      /^policies\/retention.yaml: stores\.0\.name/,
    );
  });
});

describe('the committed package (compliance/<target>/)', () => {
  for (const target of targets)
    it(`is what npm run compliance writes for ${target.name} (run it after changing a manifest, policy or target)`, () => {
      const files = compliancePackage({ target, functions });
      expect(Object.keys(files)).toEqual([...PACKAGE_FILES]);
      for (const [name, content] of Object.entries(files))
        expect(
          readFileSync(join(COMPLIANCE_DIR, target.name, name), 'utf8'),
          `compliance/${target.name}/${name}`,
        ).toBe(content);
    });
});
