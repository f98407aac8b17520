import type { Target } from '../targets/schema.ts';
import type { KubernetesObject } from './knative-service.ts';
import { PART_OF, pinnedImage } from './pod-security.ts';

/** The audit log and correspondence database; the functions' `DATABASE_URL` points at its `-rw` Service. */
export const AUDIT_DB = 'audit-db';
/** OpenFGA's datastore, a cluster of its own so neither can starve the other. */
export const OPENFGA_DB = 'openfga-db';

/**
 * A CloudNativePG `Cluster` with continuous backup (base backups + WAL) to the target's
 * S3-compatible storage, keys by Secret reference. `appSecret`: the Secret holding the
 * application user's `username`/`password` (created by the platform stack from
 * constructs/secrets.ts); without it CloudNativePG generates `<name>-app`.
 */
export function postgresCluster(target: Target, name: string, appSecret?: string): KubernetesObject {
  const { backup, database } = target;
  const key = (k: string) => ({ name: backup.credentialsSecret, key: k });
  return {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Cluster',
    metadata: { name, namespace: target.namespaces.platform, labels: { ...PART_OF } },
    spec: {
      imageName: pinnedImage(target.images.postgres),
      instances: database.instances,
      storage: { size: database.storage },
      bootstrap: {
        initdb: { database: 'app', owner: 'app', ...(appSecret ? { secret: { name: appSecret } } : {}) },
      },
      backup: {
        retentionPolicy: database.retention,
        barmanObjectStore: {
          destinationPath: `s3://${backup.bucket}/${[backup.path, name].filter(Boolean).join('/')}`,
          endpointURL: backup.endpointUrl,
          s3Credentials: { accessKeyId: key('ACCESS_KEY_ID'), secretAccessKey: key('ACCESS_SECRET_KEY') },
          wal: { compression: 'gzip' },
          data: { compression: 'gzip' },
        },
      },
    },
  };
}

/** Daily base backups; WAL is archived continuously in between. */
export function scheduledBackup(target: Target, cluster: string): KubernetesObject {
  return {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'ScheduledBackup',
    metadata: { name: `${cluster}-daily`, namespace: target.namespaces.platform, labels: { ...PART_OF } },
    spec: { schedule: '0 0 2 * * *', backupOwnerReference: 'self', cluster: { name: cluster } },
  };
}
