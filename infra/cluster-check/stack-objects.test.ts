import { describe, expect, it } from 'vitest';
import { stackObjects } from './stack-objects.ts';

const meta = { '//': { metadata: { path: 'p' } } };

describe('stackObjects', () => {
  it('converts a typed namespace and secret to their API form (data base64, Terraform values as placeholders)', () => {
    const { objects } = stackObjects('s', {
      resource: {
        kubernetes_namespace_v1: {
          ns: { ...meta, metadata: { name: 'hoi-platform', labels: { a: 'b' } }, depends_on: ['x'] },
        },
        kubernetes_secret_v1: {
          sec: {
            metadata: { name: 'audit-database', namespace: 'hoi-platform' },
            data: { username: 'app', password: `\${var.audit_database_password}` },
            type: 'kubernetes.io/basic-auth',
          },
        },
      },
    });
    expect(objects).toEqual([
      {
        stack: 's',
        address: 'kubernetes_namespace_v1.ns',
        object: {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: 'hoi-platform', labels: { a: 'b' } },
        },
      },
      {
        stack: 's',
        address: 'kubernetes_secret_v1.sec',
        object: {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'audit-database', namespace: 'hoi-platform' },
          data: { username: 'YXBw', password: Buffer.from('terraform-value').toString('base64') },
          type: 'kubernetes.io/basic-auth',
        },
      },
    ]);
  });

  it("takes kubernetes_manifest objects as written and the raw chart's resources; lists other charts", () => {
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'n' },
      data: { k: 'v' },
    };
    const ks = {
      apiVersion: 'operator.knative.dev/v1beta1',
      kind: 'KnativeServing',
      metadata: { name: 'ks' },
    };
    const result = stackObjects('s', {
      resource: {
        kubernetes_manifest: { cm: { manifest: cm, wait: {} } },
        helm_release: {
          serving: { chart: 'raw', version: '2.0.0', values: [JSON.stringify({ resources: [ks] })] },
          cnpg: { chart: 'cloudnative-pg', version: '0.26.0' },
        },
      },
    });
    expect(result.objects.map((o) => [o.address, o.object])).toEqual([
      ['kubernetes_manifest.cm', cm],
      ['helm_release.serving', ks],
    ]);
    expect(result.charts).toEqual(['helm_release.cnpg (cloudnative-pg 0.26.0)']);
  });

  it('refuses a resource type or attribute it cannot convert, so nothing passes unchecked', () => {
    expect(() => stackObjects('s', { resource: { kubernetes_config_map_v1: { c: {} } } })).toThrow(
      's: kubernetes_config_map_v1.c: no conversion to a Kubernetes object for kubernetes_config_map_v1',
    );
    expect(() =>
      stackObjects('s', {
        resource: { kubernetes_namespace_v1: { n: { metadata: { name: 'n', uid: 'u' } } } },
      }),
    ).toThrow('kubernetes_namespace_v1.n: metadata.uid not converted');
  });
});
