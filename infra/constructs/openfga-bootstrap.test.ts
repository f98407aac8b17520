import { describe, expect, it } from 'vitest';
import { loadTargets } from '../targets/index.ts';
import { openfgaBootstrap } from './openfga-bootstrap.ts';
import { HARDENED_CONTAINER_CONTEXT } from './testing/hardened-container.ts';
import { validateObject } from './testing/validate-objects.ts';

const [selfHosted] = loadTargets(['self-hosted']);
// biome-ignore lint/suspicious/noExplicitAny: tests read the generated data loosely
type Json = Record<string, any>;
const MODEL = 'model\n  schema 1.1\ntype user\n';
const objects = openfgaBootstrap(selfHosted!, MODEL) as Json[];
const byKind = (kind: string) => objects.find((o) => o.kind === kind)!;
const job = byKind('Job');
const pod = job.spec.template.spec;
const container = pod.containers[0];

describe('openfgaBootstrap', () => {
  it('creates the ConfigMap empty (the Job fills it), a ServiceAccount, Role, RoleBinding and the Job', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ConfigMap/openfga-store',
      'ServiceAccount/openfga-bootstrap',
      'Role/openfga-bootstrap',
      'RoleBinding/openfga-bootstrap',
      expect.stringMatching(/^Job\/openfga-bootstrap-[0-9a-f]{10}$/),
    ]);
    expect(byKind('ConfigMap')).not.toHaveProperty('data');
    expect(objects.every((o) => o.metadata.namespace === 'hoi-platform')).toBe(true);
  });

  it('lets the Job get and patch that one ConfigMap and nothing else', () => {
    expect(byKind('Role').rules).toEqual([
      {
        apiGroups: [''],
        resources: ['configmaps'],
        resourceNames: ['openfga-store'],
        verbs: ['get', 'patch'],
      },
    ]);
    expect(byKind('RoleBinding')).toMatchObject({
      subjects: [{ kind: 'ServiceAccount', name: 'openfga-bootstrap', namespace: 'hoi-platform' }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'openfga-bootstrap' },
    });
  });

  it("mounts a token for the Job's pod only: the ServiceAccount has none by default", () => {
    expect(byKind('ServiceAccount').automountServiceAccountToken).toBe(false);
    expect(pod).toMatchObject({
      serviceAccountName: 'openfga-bootstrap',
      automountServiceAccountToken: true,
    });
    expect(pod.restartPolicy).toBe('Never');
  });

  it('runs the platform image with OpenFGA from the target, the key by reference and the store name', () => {
    expect(container.image).toBe(
      `registry.aalborg.example/hoi-platform/functions@${selfHosted!.image.digest}`,
    );
    expect(container.command).toEqual(['node', 'dist/openfga-bootstrap.js']);
    expect(container.env).toEqual([
      { name: 'FGA_API_URL', value: 'http://openfga.hoi-platform.svc.cluster.local:8080' },
      { name: 'FGA_API_TOKEN', valueFrom: { secretKeyRef: { name: 'openfga-preshared-key', key: 'token' } } },
      { name: 'FGA_STORE_NAME', value: 'hoi-platform' },
      { name: 'STORE_CONFIG_MAP', value: 'openfga-store' },
      { name: 'NODE_EXTRA_CA_CERTS', value: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt' },
    ]);
    expect(job.spec).toMatchObject({ backoffLimit: 4, activeDeadlineSeconds: 1800 });
  });

  it('is hardened like the functions', () => {
    expect(pod).toMatchObject({
      enableServiceLinks: false,
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    });
    expect(container.securityContext).toEqual(HARDENED_CONTAINER_CONTEXT);
  });

  it('names the Job after the model and its pod: the same inputs give the same name, a change a new one', () => {
    const name = (target = selfHosted!, model = MODEL) =>
      (openfgaBootstrap(target, model).find((o) => o.kind === 'Job') as Json).metadata.name;
    expect(name()).toBe(job.metadata.name);
    expect(name(selfHosted!, `${MODEL}type org_unit\n`)).not.toBe(job.metadata.name);
    const newImage = { ...selfHosted!, image: { ...selfHosted!.image, digest: `sha256:${'2'.repeat(64)}` } };
    expect(name(newImage)).not.toBe(job.metadata.name);
    expect(name({ ...selfHosted!, openfgaStoreName: 'aalborg' })).not.toBe(job.metadata.name);
  });

  it('refuses a target without FGA_API_URL, naming the field', () => {
    const { FGA_API_URL: _, ...env } = selfHosted!.env;
    expect(() => openfgaBootstrap({ ...selfHosted!, env }, MODEL)).toThrow(
      'targets/self-hosted: env.FGA_API_URL is required (the OpenFGA bootstrap Job calls it)',
    );
  });

  it('passes the models validators and the project rules for every target', () => {
    for (const target of loadTargets()) for (const o of openfgaBootstrap(target, MODEL)) validateObject(o);
  });
});

describe('validateObject on Roles (project rule)', () => {
  const role = byKind('Role');
  const withRule = (rule: Json) => () => validateObject({ ...role, rules: [rule] } as never);

  it('refuses a rule that names no objects', () => {
    expect(withRule({ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] })).toThrow(
      'Role/openfga-bootstrap: rules[0].resourceNames must name the objects it grants',
    );
  });

  it('refuses a wildcard verb', () => {
    expect(
      withRule({ apiGroups: [''], resources: ['configmaps'], resourceNames: ['x'], verbs: ['*'] }),
    ).toThrow('Role/openfga-bootstrap: rules[0] must not grant * (name verbs and resources)');
  });
});
