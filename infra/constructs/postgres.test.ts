import { describe, expect, it } from 'vitest';
import { loadTargets } from '../targets/index.ts';
import type { KubernetesObject } from './knative-service.ts';
import { objectStore, postgresCluster, scheduledBackup } from './postgres.ts';
import { validateObject } from './testing/validate-objects.ts';

const [selfHosted, euManaged] = loadTargets(['self-hosted', 'eu-managed']);

describe('postgresCluster', () => {
  it('names its image repository:version@digest, as CloudNativePG needs to detect upgrades', () => {
    const { postgres } = selfHosted!.images;
    expect((postgresCluster(selfHosted!, 'audit-db').spec as { imageName: string }).imageName).toBe(
      `registry.aalborg.example/mirror/cloudnative-pg/postgresql:17.6.0@${postgres.digest}`,
    );
  });

  it('archives WAL and takes base backups through the Barman Cloud plugin to its own ObjectStore', () => {
    const cluster = postgresCluster(selfHosted!, 'audit-db', 'audit-database');
    expect(cluster.spec).toMatchObject({
      bootstrap: { initdb: { database: 'app', owner: 'app', secret: { name: 'audit-database' } } },
      plugins: [
        {
          name: 'barman-cloud.cloudnative-pg.io',
          isWALArchiver: true,
          parameters: { barmanObjectName: 'audit-db-backups' },
        },
      ],
    });
    expect(cluster.spec).not.toHaveProperty('backup');
  });

  it("sizes instances and storage from the target's database settings", () => {
    expect(postgresCluster(euManaged!, 'audit-db').spec).toMatchObject({
      instances: 3,
      storage: { size: '50Gi' },
    });
    expect(postgresCluster(selfHosted!, 'audit-db').spec).toMatchObject({
      instances: 1,
      storage: { size: '10Gi' },
    });
  });
});

describe('objectStore', () => {
  it("keeps base backups and WAL in the target's S3-compatible storage, keys by Secret reference", () => {
    const store = objectStore(selfHosted!, 'audit-db');
    expect(store).toMatchObject({
      apiVersion: 'barmancloud.cnpg.io/v1',
      kind: 'ObjectStore',
      metadata: { name: 'audit-db-backups', namespace: 'hoi-platform' },
    });
    expect(store.spec).toEqual({
      retentionPolicy: '30d',
      configuration: {
        destinationPath: 's3://hoi-platform-backups/aalborg/audit-db',
        endpointURL: 'https://s3.aalborg.example',
        s3Credentials: {
          accessKeyId: { name: 'backup-s3-credentials', key: 'ACCESS_KEY_ID' },
          secretAccessKey: { name: 'backup-s3-credentials', key: 'ACCESS_SECRET_KEY' },
        },
        wal: { compression: 'gzip' },
        data: { compression: 'gzip' },
      },
    });
  });

  it("keeps backups for the target's retention", () => {
    expect(objectStore(euManaged!, 'openfga-db').spec).toMatchObject({ retentionPolicy: '90d' });
  });
});

describe('scheduledBackup', () => {
  it('takes a daily base backup of the cluster through the plugin', () => {
    expect(scheduledBackup(selfHosted!, 'audit-db').spec).toEqual({
      schedule: '0 0 2 * * *',
      backupOwnerReference: 'self',
      cluster: { name: 'audit-db' },
      method: 'plugin',
      pluginConfiguration: { name: 'barman-cloud.cloudnative-pg.io' },
    });
  });
});

describe("database validation (CloudNativePG's webhook rules and the backup rules that matter)", () => {
  // biome-ignore lint/suspicious/noExplicitAny: broken on purpose, field by field
  type Loose = KubernetesObject & { spec: any };
  const cluster = () => structuredClone(postgresCluster(selfHosted!, 'audit-db')) as Loose;
  const store = () => structuredClone(objectStore(selfHosted!, 'audit-db')) as Loose;

  it('accepts what the stacks generate', () => {
    for (const object of [cluster(), store(), scheduledBackup(selfHosted!, 'audit-db')]) {
      expect(() => validateObject(object)).not.toThrow();
    }
  });

  it('refuses an image given by digest alone, or tagged latest', () => {
    const digestOnly = cluster();
    digestOnly.spec.imageName = `registry.aalborg.example/postgresql@${selfHosted!.images.postgres.digest}`;
    expect(() => validateObject(digestOnly)).toThrow(
      'Cluster/audit-db: spec.imageName must be repository:<PostgreSQL version>@sha256:… (not the digest alone)',
    );
    const latest = cluster();
    latest.spec.imageName = `registry.aalborg.example/postgresql:latest@${selfHosted!.images.postgres.digest}`;
    expect(() => validateObject(latest)).toThrow('spec.imageName must be repository:<PostgreSQL version>');
  });

  it('refuses zero instances and a storage size that is not a quantity', () => {
    const none = cluster();
    none.spec.instances = 0;
    expect(() => validateObject(none)).toThrow('spec.instances must be an integer ≥ 1');
    const size = cluster();
    size.spec.storage.size = '10 GB';
    expect(() => validateObject(size)).toThrow('spec.storage.size must be a quantity');
  });

  it('refuses a Cluster without the plugin as WAL archiver, and the in-tree barmanObjectStore', () => {
    const bare = cluster();
    delete bare.spec.plugins;
    expect(() => validateObject(bare)).toThrow(
      'Cluster/audit-db: spec.plugins needs barman-cloud.cloudnative-pg.io as WAL archiver',
    );
    const inTree = cluster();
    inTree.spec.backup = { barmanObjectStore: { destinationPath: 's3://b/p' } };
    expect(() => validateObject(inTree)).toThrow(
      'spec.backup.barmanObjectStore is removed in CloudNativePG 1.28',
    );
  });

  it('refuses a backup destination that is not S3', () => {
    const bad = store();
    bad.spec.configuration.destinationPath = '/var/backups';
    expect(() => validateObject(bad)).toThrow(
      'ObjectStore/audit-db-backups: spec.configuration.destinationPath must be an s3:// URL',
    );
  });

  it('refuses S3 keys written inline instead of by Secret reference', () => {
    const bad = store();
    bad.spec.configuration.s3Credentials.secretAccessKey = 'hunter2';
    expect(() => validateObject(bad)).toThrow(
      'spec.configuration.s3Credentials.secretAccessKey must be a Secret reference',
    );
  });

  it('refuses a scheduled backup that is not taken by the plugin', () => {
    const bad = structuredClone(scheduledBackup(selfHosted!, 'audit-db')) as Loose;
    bad.spec.method = 'barmanObjectStore';
    expect(() => validateObject(bad)).toThrow('ScheduledBackup/audit-db-daily: spec.method must be plugin');
  });
});
