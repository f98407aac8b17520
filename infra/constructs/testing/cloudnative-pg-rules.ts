import type { KubernetesObject } from '../knative-service.ts';
import { BARMAN_CLOUD_PLUGIN } from '../postgres.ts';
import { ObjectValidationError, where } from './object-validation-error.ts';

/**
 * The rules CloudNativePG 1.27's admission webhook enforces on what the stacks set (its
 * webhook is internal to its module, so it cannot run here), and the backup rules that
 * matter to the platform: an image whose tag is a PostgreSQL version (the operator reads
 * upgrades from it) with a digest, at least one instance and a storage size, backups
 * through the Barman Cloud plugin (the in-tree `spec.backup.barmanObjectStore` is gone in
 * 1.28) to S3-compatible storage with keys from a Secret only.
 */
export function validateCloudNativePg(object: KubernetesObject): void {
  if (object.kind === 'Cluster') validateCluster(object);
  if (object.kind === 'ScheduledBackup') validateScheduledBackup(object);
  if (object.kind === 'ObjectStore') validateObjectStore(object);
}

const fail = (object: KubernetesObject, message: string) => {
  throw new ObjectValidationError(`${where(object)}: ${message}`);
};

/** `repository:tag@sha256:…`; the tag as CloudNativePG's `version.FromTag` reads it. */
const VERSIONED_IMAGE = /^[^@]+\/[^:@/]+:(\d+(\.\d+)*)[^@]*@sha256:[a-f0-9]{64}$/;

interface ClusterSpec {
  imageName?: unknown;
  instances?: unknown;
  storage?: { size?: unknown };
  backup?: { barmanObjectStore?: unknown };
  plugins?: { name?: unknown; isWALArchiver?: unknown; parameters?: { barmanObjectName?: unknown } }[];
}

function validateCluster(object: KubernetesObject): void {
  const spec = object.spec as ClusterSpec;
  if (typeof spec.imageName !== 'string' || !VERSIONED_IMAGE.test(spec.imageName)) {
    fail(object, 'spec.imageName must be repository:<PostgreSQL version>@sha256:… (not the digest alone)');
  }
  if (!Number.isInteger(spec.instances) || (spec.instances as number) < 1) {
    fail(object, 'spec.instances must be an integer ≥ 1');
  }
  if (typeof spec.storage?.size !== 'string' || !/^\d+(Mi|Gi|Ti)$/.test(spec.storage.size)) {
    fail(object, 'spec.storage.size must be a quantity such as 10Gi');
  }
  if (spec.backup?.barmanObjectStore !== undefined) {
    fail(
      object,
      'spec.backup.barmanObjectStore is removed in CloudNativePG 1.28: use the Barman Cloud plugin',
    );
  }
  const archiver = spec.plugins?.find((p) => p.name === BARMAN_CLOUD_PLUGIN && p.isWALArchiver === true);
  if (typeof archiver?.parameters?.barmanObjectName !== 'string') {
    fail(object, `spec.plugins needs ${BARMAN_CLOUD_PLUGIN} as WAL archiver with a barmanObjectName`);
  }
}

function validateScheduledBackup(object: KubernetesObject): void {
  const spec = object.spec as { method?: unknown; pluginConfiguration?: { name?: unknown } };
  if (spec.method !== 'plugin' || spec.pluginConfiguration?.name !== BARMAN_CLOUD_PLUGIN) {
    fail(object, `spec.method must be plugin with pluginConfiguration.name ${BARMAN_CLOUD_PLUGIN}`);
  }
}

function validateObjectStore(object: KubernetesObject): void {
  const at = 'spec.configuration';
  const store = (object.spec as { configuration?: Record<string, unknown> }).configuration;
  if (!store) fail(object, `${at} is required`);
  if (!String(store?.destinationPath).startsWith('s3://')) {
    fail(object, `${at}.destinationPath must be an s3:// URL`);
  }
  const credentials = store?.s3Credentials as Record<string, { name?: unknown; key?: unknown }> | undefined;
  for (const field of ['accessKeyId', 'secretAccessKey']) {
    const ref = credentials?.[field];
    if (typeof ref?.name !== 'string' || typeof ref.key !== 'string') {
      fail(object, `${at}.s3Credentials.${field} must be a Secret reference`);
    }
  }
}
