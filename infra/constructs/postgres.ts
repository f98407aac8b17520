import type { Target } from '../targets/schema.ts';
import type { KubernetesObject } from './knative-service.ts';
import { PART_OF, versionedImage } from './pod-security.ts';

/** The audit log and correspondence database; the functions' `DATABASE_URL` points at its `-rw` Service. */
export const AUDIT_DB = 'audit-db';
/** OpenFGA's datastore, a cluster of its own so neither can starve the other. */
export const OPENFGA_DB = 'openfga-db';

/**
 * The Barman Cloud plugin (CNPG-I), which takes over CloudNativePG's backups: the in-tree
 * `spec.backup.barmanObjectStore` is deprecated in 1.27 and removed in 1.28.
 */
export const BARMAN_CLOUD_PLUGIN = 'barman-cloud.cloudnative-pg.io';

/** The plugin's `ObjectStore` a Cluster archives to: one per Cluster, named after it. */
export const objectStoreName = (cluster: string) => `${cluster}-backups`;

/**
 * A CloudNativePG `Cluster` with continuous backup (base backups + WAL) through the Barman
 * Cloud plugin to its `ObjectStore` (see `objectStore`). `appSecret`: the Secret holding the
 * application user's `username`/`password` (created by the platform stack from
 * constructs/secrets.ts); without it CloudNativePG generates `<name>-app`.
 */
export function postgresCluster(target: Target, name: string, appSecret?: string): KubernetesObject {
  const { database } = target;
  return {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Cluster',
    metadata: { name, namespace: target.namespaces.platform, labels: { ...PART_OF } },
    spec: {
      imageName: versionedImage(target.images.postgres),
      instances: database.instances,
      storage: { size: database.storage },
      bootstrap: {
        initdb: { database: 'app', owner: 'app', ...(appSecret ? { secret: { name: appSecret } } : {}) },
      },
      plugins: [
        {
          name: BARMAN_CLOUD_PLUGIN,
          isWALArchiver: true,
          parameters: { barmanObjectName: objectStoreName(name) },
        },
      ],
    },
  };
}

/**
 * Where a Cluster's base backups and WAL go: the target's S3-compatible storage under
 * `<path>/<cluster>`, keys by Secret reference, kept for the target's retention.
 */
export function objectStore(target: Target, cluster: string): KubernetesObject {
  const { backup, database } = target;
  const key = (k: string) => ({ name: backup.credentialsSecret, key: k });
  return {
    apiVersion: 'barmancloud.cnpg.io/v1',
    kind: 'ObjectStore',
    metadata: {
      name: objectStoreName(cluster),
      namespace: target.namespaces.platform,
      labels: { ...PART_OF },
    },
    spec: {
      retentionPolicy: database.retention,
      configuration: {
        destinationPath: `s3://${backup.bucket}/${[backup.path, cluster].filter(Boolean).join('/')}`,
        endpointURL: backup.endpointUrl,
        s3Credentials: { accessKeyId: key('ACCESS_KEY_ID'), secretAccessKey: key('ACCESS_SECRET_KEY') },
        wal: { compression: 'gzip' },
        data: { compression: 'gzip' },
      },
    },
  };
}

/** Daily base backups through the plugin; WAL is archived continuously in between. */
export function scheduledBackup(target: Target, cluster: string): KubernetesObject {
  return {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'ScheduledBackup',
    metadata: { name: `${cluster}-daily`, namespace: target.namespaces.platform, labels: { ...PART_OF } },
    spec: {
      schedule: '0 0 2 * * *',
      backupOwnerReference: 'self',
      cluster: { name: cluster },
      method: 'plugin',
      pluginConfiguration: { name: BARMAN_CLOUD_PLUGIN },
    },
  };
}
