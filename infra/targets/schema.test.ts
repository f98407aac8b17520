import { describe, expect, it } from 'vitest';
import { loadTargets, TARGETS } from './index.ts';
import { parseTarget, type TargetInput } from './schema.ts';

const base = TARGETS['self-hosted']!;
/** The self-hosted target with one part replaced. */
const withChange = (change: (t: TargetInput) => TargetInput) => () =>
  parseTarget('self-hosted', change(structuredClone(base)));

describe('targets', () => {
  it('parses every target, with defaults filled in (no telemetry export, no public load balancer)', () => {
    const targets = loadTargets();
    expect(targets.map((t) => t.name)).toEqual(['local', 'self-hosted', 'eu-managed']);
    for (const target of targets) {
      expect(target.telemetry).toEqual([]);
      expect(target.publicLoadBalancer).toBe(false);
      expect(target.image.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    }
  });

  it("expresses both a municipality's own deployment and the pilot's shared regional one", () => {
    const [, selfHosted, euManaged] = loadTargets();
    expect(selfHosted!.municipalities.map((m) => m.code)).toEqual(['851']);
    expect(euManaged!.municipalities.map((m) => m.code)).toEqual(['851', '860']);
  });

  it('loads only the named targets and refuses an unknown name, listing the known ones', () => {
    expect(loadTargets(['local']).map((t) => t.name)).toEqual(['local']);
    expect(() => loadTargets(['staging'])).toThrow(
      'unknown target "staging" (known: local, self-hosted, eu-managed)',
    );
  });

  it("refuses a target whose name is not its file's name", () => {
    expect(() => loadTargets(['staging'], { staging: base })).toThrow(
      'targets/staging: name must be "staging" (its file name)',
    );
  });
});

describe('target validation names the target and the field', () => {
  it.each<[string, (t: TargetInput) => TargetInput, string]>([
    [
      'schedules as valid five-field cron expressions',
      (t) => ({ ...t, schedules: { 'authz-sync': { sync: '*/15 25 * * *' } } }),
      'targets/self-hosted: schedules.authz-sync.sync hour "25" must lie within 0-23',
    ],
    [
      'municipality code of three digits',
      (t) => ({ ...t, municipalities: [{ ...t.municipalities[0]!, code: '85' }] }),
      'targets/self-hosted: municipalities[0].code must be three digits',
    ],
    [
      'unique municipality codes',
      (t) => ({ ...t, municipalities: [t.municipalities[0]!, t.municipalities[0]!] }),
      'targets/self-hosted: municipalities[1].code must be unique',
    ],
    [
      'at least one municipality',
      (t) => ({ ...t, municipalities: [] }),
      'targets/self-hosted: municipalities must list at least one municipality',
    ],
    [
      'https IdP issuers',
      (t) => ({ ...t, municipalities: [{ ...t.municipalities[0]!, issuers: ['http://idp.example'] }] }),
      'targets/self-hosted: municipalities[0].issuers[0] must be an https:// URL',
    ],
    [
      'image pinned by digest',
      (t) => ({ ...t, image: { ...t.image, digest: 'latest' } }),
      'targets/self-hosted: image.digest must be sha256:<64 hex digits>',
    ],
    [
      'exact chart versions',
      (t) => ({
        ...t,
        charts: { ...t.charts, cloudnativePg: { ...t.charts.cloudnativePg, version: '^0.26' } },
      }),
      'targets/self-hosted: charts.cloudnativePg.version must be an exact version (1.2.3), not a range',
    ],
    [
      'egress by CIDR',
      (t) => ({ ...t, egress: [{ ...t.egress[0]!, cidrs: ['nsp.example'] }] }),
      'targets/self-hosted: egress[0].cidrs[0] must be a CIDR block (e.g. 10.0.0.0/24)',
    ],
    [
      'egress ports in range',
      (t) => ({ ...t, egress: [{ ...t.egress[0]!, ports: [0] }] }),
      'targets/self-hosted: egress[0].ports[0] must be ≥ 1',
    ],
    [
      'telemetry exporters over https',
      (t) => ({
        ...t,
        telemetry: [{ name: 'siem', endpoint: 'http://siem.example', cidrs: ['192.0.2.0/28'], port: 4318 }],
      }),
      'targets/self-hosted: telemetry[0].endpoint must be an https:// URL',
    ],
    [
      'no secret-looking env values',
      (t) => ({ ...t, env: { ...t.env, FGA_API_TOKEN: 'x' } }),
      'targets/self-hosted: env.FGA_API_TOKEN looks like a secret: declare it as a secret reference in the manifest',
    ],
    [
      'no password in an env URL',
      (t) => ({ ...t, env: { ...t.env, DATABASE_URL: 'postgres://app:hunter2@db:5432/app' } }),
      'targets/self-hosted: env.DATABASE_URL must not carry a password in its URL',
    ],
    [
      'scaling override minScale ≤ maxScale (both named)',
      (t) => ({ ...t, scaling: { 'case-lookup': { minScale: 5, maxScale: 2 } } }),
      'targets/self-hosted: scaling.case-lookup.minScale must be ≤ scaling.case-lookup.maxScale',
    ],
    [
      'at least one OpenFGA replica',
      (t) => ({ ...t, openfgaReplicas: 0 }),
      'targets/self-hosted: openfgaReplicas must be ≥ 1',
    ],
    ['a backup target', ({ backup: _, ...t }) => t as TargetInput, 'targets/self-hosted: backup is required'],
    [
      'a backup credentials Secret by name',
      (t) => ({ ...t, backup: { ...t.backup, credentialsSecret: 'AKIA/secret' } }),
      'targets/self-hosted: backup.credentialsSecret must be a DNS label (lower-case, digits, -)',
    ],
    [
      'a boolean public load balancer switch',
      (t) => ({ ...t, publicLoadBalancer: 'yes' as unknown as boolean }),
      'targets/self-hosted: publicLoadBalancer',
    ],
  ])('requires %s', (_rule, change, message) => {
    expect(withChange(change)).toThrow(message);
  });

  it('lists every bad field at once', () => {
    const bad = {
      ...base,
      image: { ...base.image, digest: 'x' },
      namespaces: { ...base.namespaces, platform: 'HOI' },
    };
    expect(() => parseTarget('self-hosted', bad)).toThrow(
      /namespaces\.platform must be a DNS label.*\n.*image\.digest must be sha256/s,
    );
  });
});
