import { resolve } from 'node:path';
import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { PlatformStack } from '../stacks/platform-stack.ts';
import { loadManifests } from '../synth/manifests.ts';
import { loadTargets } from '../targets/index.ts';
import { municipalitySecrets, OPERATOR_GENERATED_SECRETS, secretCatalogue } from './secrets.ts';
import { secretReferences } from './testing/secret-references.ts';

const functions = await loadManifests(resolve(import.meta.dirname, '../..'));
const [selfHosted] = loadTargets(['self-hosted']);
/** Terraform interpolations as the synthesized JSON writes them. */
const tfExpr = (expression: string) => `\${${expression}}`;
const tfVar = (name: string) => tfExpr(`var.${name}`);
const build = (target = selfHosted!, fns = functions) =>
  new PlatformStack(Testing.app(), `${target.name}-platform`, { target, functions: fns });

/** Referenced Secrets that nothing creates: neither the catalogue, an operator nor a municipality. */
function uncreated(stack: PlatformStack, target = selfHosted!, fns = functions): string[] {
  const known = new Set([
    ...stack.secrets.map((s) => s.name),
    ...OPERATOR_GENERATED_SECRETS,
    ...municipalitySecrets(target, fns),
  ]);
  return [...secretReferences(stack.objects).keys()].filter((name) => !known.has(name)).sort();
}

describe('secret catalogue', () => {
  it('covers every Secret a manifest or construct refers to, for every target', () => {
    for (const target of loadTargets())
      expect({ target: target.name, uncreated: uncreated(build(target), target) }).toEqual({
        target: target.name,
        uncreated: [],
      });
  });

  it('fails for a manifest that refers to a Secret nothing creates (fixture letter-sync: medcom-client)', async () => {
    const fixture = await loadManifests(resolve(import.meta.dirname, 'fixtures'));
    const fns = [...functions, ...fixture];
    expect(uncreated(build(selfHosted!, fns), selfHosted!, fns)).toEqual(['medcom-client']);
  });

  it('lists no Secret nobody uses, each name once', () => {
    const referenced = secretReferences(build().objects);
    const names = secretCatalogue(selfHosted!).map((s) => s.name);
    expect(names.filter((name) => !referenced.has(name))).toEqual([]);
    expect(new Set(names).size).toBe(names.length);
  });

  it('names who uses each Secret: every referring object is one of its users (by name prefix)', () => {
    const referenced = secretReferences(build().objects);
    for (const secret of secretCatalogue(selfHosted!)) {
      const users = [...(referenced.get(secret.name) ?? [])].map((ref) => ref.split('/')[1]!);
      const unlisted = users.filter((user) => !secret.usedBy.some((name) => user.startsWith(name)));
      const unused = secret.usedBy.filter((name) => !users.some((user) => user.startsWith(name)));
      expect({ secret: secret.name, unlisted, unused }).toEqual({
        secret: secret.name,
        unlisted: [],
        unused: [],
      });
    }
  });

  it("takes the backup credentials' Secret name from the target", () => {
    const target = { ...selfHosted!, backup: { ...selfHosted!.backup, credentialsSecret: 'aalborg-s3' } };
    expect(secretCatalogue(target).map((s) => s.name)).toContain('aalborg-s3');
    expect(uncreated(build(target), target)).toEqual([]);
  });
});

describe('PlatformSecrets (synthesized)', () => {
  const json = JSON.parse(Testing.synth(build()));
  const secrets = Object.values(json.resource.kubernetes_secret_v1) as {
    metadata: { name: string; namespace: string };
    data: Record<string, string>;
    type?: string;
  }[];

  it('creates each catalogue Secret in the platform namespace, values only as variable references', () => {
    expect(Object.fromEntries(secrets.map((s) => [s.metadata.name, s.data]))).toEqual({
      'openfga-preshared-key': { token: tfVar('openfga_preshared_key') },
      'child-pseudonym-key': { key: tfVar('child_pseudonym_key') },
      'audit-database': { username: 'app', password: tfVar('audit_database_password') },
      'audit-checkpoint-key': { key: tfVar('audit_checkpoint_key') },
      'authz-sync-token': { token: tfVar('authz_sync_token') },
      'correspondence-gateway-token': { token: tfVar('correspondence_gateway_token') },
      'correspondence-outbox-token': { token: tfVar('correspondence_outbox_token') },
      'portal-session-key': { key: tfVar('portal_session_key') },
      'backup-s3-credentials': {
        ACCESS_KEY_ID: tfVar('backup_s3_access_key_id'),
        ACCESS_SECRET_KEY: tfVar('backup_s3_secret_access_key'),
      },
    });
    expect(secrets.every((s) => s.metadata.namespace === 'hoi-platform')).toBe(true);
    // CloudNativePG reads an initdb secret only of this type.
    expect(secrets.find((s) => s.metadata.name === 'audit-database')!.type).toBe('kubernetes.io/basic-auth');
  });

  it('declares every variable sensitive, non-null, with a length check', () => {
    expect(json.variable).toMatchObject({
      openfga_preshared_key: { type: 'string', sensitive: true, nullable: false },
    });
    const checks = Object.fromEntries(
      Object.entries(
        json.variable as Record<string, { sensitive: boolean; validation: { condition: string }[] }>,
      ).map(([name, v]) => [name, v.sensitive && v.validation[0]!.condition]),
    );
    expect(checks).toEqual({
      openfga_preshared_key: tfExpr('length(var.openfga_preshared_key) >= 32'),
      child_pseudonym_key: tfExpr('length(var.child_pseudonym_key) >= 44'),
      audit_database_password: tfExpr('length(var.audit_database_password) >= 24'),
      audit_checkpoint_key: tfExpr('length(var.audit_checkpoint_key) >= 44'),
      authz_sync_token: tfExpr('length(var.authz_sync_token) >= 32'),
      correspondence_gateway_token: tfExpr('length(var.correspondence_gateway_token) >= 32'),
      correspondence_outbox_token: tfExpr('length(var.correspondence_outbox_token) >= 32'),
      portal_session_key: tfExpr('length(var.portal_session_key) >= 44'),
      backup_s3_access_key_id: tfExpr('length(trimspace(var.backup_s3_access_key_id)) > 0'),
      backup_s3_secret_access_key: tfExpr('length(var.backup_s3_secret_access_key) >= 16'),
    });
  });
});
