import type { Target } from '../targets/schema.ts';
import { functionImage, type KubernetesObject } from './knative-service.ts';
import { PART_OF, RESTRICTED_CONTAINER, RESTRICTED_POD } from './pod-security.ts';
import { auditRetentionDays } from './retention-policy.ts';

const NAME = 'audit-checkpoint';
/** The Secret holding the checkpoint signing key (`AUDIT_CHECKPOINT_KEY`). */
export const CHECKPOINT_KEY_SECRET = 'audit-checkpoint-key';
/** The volume the checkpoints are kept on: not the audit database's, not writable by it. */
export const CHECKPOINT_VOLUME = 'audit-checkpoints';
const MOUNT = '/var/lib/hoi/audit-checkpoints';
/**
 * How often the audit chain's head is signed: records newer than the latest
 * checkpoint are what a database superuser could still delete unseen
 * (functions/runtime/audit/README.md), so this bounds that window.
 */
export const CHECKPOINT_SCHEDULE = '*/5 * * * *';

/**
 * The audit-checkpoint job (`dist/audit-checkpoint.js`) every 5 minutes: reads the
 * audit database as the functions do, and appends a signed checkpoint to a volume of
 * its own (the file checkpoint store), then purges records older than the audit log's
 * retention (policies/retention.yaml, POL-009.2), signing the cut on the same volume.
 * It is the purge because it alone holds the key and the volume. Never two runs at
 * once; a run that could not start on time is skipped (the next one covers its
 * records); pod hardened like the functions', without a service-account token.
 */
export function auditCheckpoint(
  target: Target,
  retentionDays: number = auditRetentionDays(),
): KubernetesObject[] {
  const namespace = target.namespaces.platform;
  const databaseUrl = target.env.DATABASE_URL;
  if (!databaseUrl)
    throw new Error(
      `targets/${target.name}: env.DATABASE_URL is required (the audit-checkpoint job reads it)`,
    );
  const labels = { 'app.kubernetes.io/name': NAME, ...PART_OF };
  const secret = (name: string, key: string) => ({ valueFrom: { secretKeyRef: { name, key } } });
  return [
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: CHECKPOINT_VOLUME, namespace, labels },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: NAME, namespace, labels },
      spec: {
        schedule: CHECKPOINT_SCHEDULE,
        timeZone: 'Etc/UTC',
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: 120,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          metadata: { labels },
          spec: {
            backoffLimit: 1,
            activeDeadlineSeconds: 240,
            ttlSecondsAfterFinished: 86_400,
            template: {
              metadata: { labels },
              spec: {
                ...RESTRICTED_POD,
                // The image's numeric user may write the volume.
                securityContext: { ...RESTRICTED_POD.securityContext, fsGroup: 65532 },
                restartPolicy: 'Never',
                containers: [
                  {
                    name: 'checkpoint',
                    image: functionImage(target),
                    command: ['node', `dist/${NAME}.js`],
                    env: [
                      { name: 'DATABASE_URL', value: databaseUrl },
                      { name: 'DATABASE_PASSWORD', ...secret('audit-database', 'password') },
                      { name: 'AUDIT_CHECKPOINT_KEY', ...secret(CHECKPOINT_KEY_SECRET, 'key') },
                      { name: 'AUDIT_CHECKPOINT_DIR', value: MOUNT },
                      { name: 'AUDIT_RETENTION_DAYS', value: String(retentionDays) },
                    ],
                    volumeMounts: [{ name: CHECKPOINT_VOLUME, mountPath: MOUNT }],
                    resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '256Mi' } },
                    securityContext: RESTRICTED_CONTAINER,
                  },
                ],
                volumes: [
                  { name: CHECKPOINT_VOLUME, persistentVolumeClaim: { claimName: CHECKPOINT_VOLUME } },
                ],
              },
            },
          },
        },
      },
    },
  ];
}
