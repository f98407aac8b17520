import { describe, expect, it } from 'vitest';
import { loadTargets } from '../targets/index.ts';
import type { KubernetesObject } from './knative-service.ts';
import { postgresCluster, scheduledBackup } from './postgres.ts';
import { validateObject } from './testing/validate-objects.ts';

const [selfHosted, euManaged] = loadTargets(['self-hosted', 'eu-managed']);

describe('postgresCluster', () => {
  it("backs up base backups and WAL to the target's S3-compatible storage, keys by Secret reference", () => {
    const cluster = postgresCluster(selfHosted!, 'audit-db', 'audit-database');
    expect(cluster.spec).toMatchObject({
      imageName: `registry.aalborg.example/mirror/cloudnative-pg/postgresql@${selfHosted!.images.postgres.digest}`,
      bootstrap: { initdb: { database: 'app', owner: 'app', secret: { name: 'audit-database' } } },
      backup: {
        retentionPolicy: '30d',
        barmanObjectStore: {
          destinationPath: 's3://hoi-platform-backups/aalborg/audit-db',
          endpointURL: 'https://s3.aalborg.example',
          s3Credentials: {
            accessKeyId: { name: 'backup-s3-credentials', key: 'ACCESS_KEY_ID' },
            secretAccessKey: { name: 'backup-s3-credentials', key: 'ACCESS_SECRET_KEY' },
          },
        },
      },
    });
  });

  it("sizes instances, storage and retention from the target's database settings", () => {
    expect(postgresCluster(euManaged!, 'audit-db').spec).toMatchObject({
      instances: 3,
      storage: { size: '50Gi' },
      backup: { retentionPolicy: '90d' },
    });
    expect(postgresCluster(selfHosted!, 'audit-db').spec).toMatchObject({
      instances: 1,
      storage: { size: '10Gi' },
    });
  });

  it('takes a daily base backup of the cluster', () => {
    expect(scheduledBackup(selfHosted!, 'audit-db').spec).toEqual({
      schedule: '0 0 2 * * *',
      backupOwnerReference: 'self',
      cluster: { name: 'audit-db' },
    });
  });
});

describe('database validation (CloudNativePG has no model package: the rules that matter)', () => {
  interface Store {
    destinationPath: string;
    s3Credentials: Record<string, unknown>;
  }
  type ClusterObject = KubernetesObject & { spec: { backup?: { barmanObjectStore: Store } } };
  const cluster = () => structuredClone(postgresCluster(selfHosted!, 'audit-db')) as ClusterObject;
  const store = (c: ClusterObject) => c.spec.backup!.barmanObjectStore;

  it('refuses a Cluster without backups', () => {
    const bad = cluster();
    delete bad.spec.backup;
    expect(() => validateObject(bad)).toThrow('Cluster/audit-db: spec.backup.barmanObjectStore is required');
  });

  it('refuses a backup destination that is not S3', () => {
    const bad = cluster();
    store(bad).destinationPath = '/var/backups';
    expect(() => validateObject(bad)).toThrow('destinationPath must be an s3:// URL');
  });

  it('refuses S3 keys written inline instead of by Secret reference', () => {
    const bad = cluster();
    store(bad).s3Credentials.secretAccessKey = 'hunter2';
    expect(() => validateObject(bad)).toThrow('s3Credentials.secretAccessKey must be a Secret reference');
  });
});
