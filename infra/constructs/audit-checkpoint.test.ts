import { describe, expect, it } from 'vitest';
import { loadTargets } from '../targets/index.ts';
import { auditCheckpoint } from './audit-checkpoint.ts';
import { auditRetentionDays } from './retention-policy.ts';
import { secretCatalogue } from './secrets.ts';
import { HARDENED_CONTAINER_CONTEXT } from './testing/hardened-container.ts';
import { validateObject } from './testing/validate-objects.ts';

const [selfHosted] = loadTargets(['self-hosted']);
// biome-ignore lint/suspicious/noExplicitAny: tests read the generated data loosely
type Json = Record<string, any>;
const [claim, cronJob] = auditCheckpoint(selfHosted!) as Json[];
const pod = cronJob!.spec.jobTemplate.spec.template.spec;
const container = pod.containers[0];

describe('auditCheckpoint', () => {
  it('POL-007.5: signs the audit chain every 5 minutes UTC, never two runs at once, skipping a run it could not start', () => {
    expect(cronJob!.metadata).toMatchObject({ name: 'audit-checkpoint', namespace: 'hoi-platform' });
    expect(cronJob!.spec).toMatchObject({
      schedule: '*/5 * * * *',
      timeZone: 'Etc/UTC',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 120,
    });
    expect(cronJob!.spec.jobTemplate.spec).toMatchObject({ backoffLimit: 1, activeDeadlineSeconds: 240 });
    expect(pod.restartPolicy).toBe('Never');
  });

  it('runs the platform image’s audit-checkpoint program against the audit database, key and password by reference', () => {
    expect(container.image).toBe(
      `registry.aalborg.example/hoi-platform/functions@${selfHosted!.image.digest}`,
    );
    expect(container.command).toEqual(['node', 'dist/audit-checkpoint.js']);
    expect(container.env).toEqual([
      { name: 'DATABASE_URL', value: selfHosted!.env.DATABASE_URL },
      { name: 'DATABASE_PASSWORD', valueFrom: { secretKeyRef: { name: 'audit-database', key: 'password' } } },
      {
        name: 'AUDIT_CHECKPOINT_KEY',
        valueFrom: { secretKeyRef: { name: 'audit-checkpoint-key', key: 'key' } },
      },
      { name: 'AUDIT_CHECKPOINT_DIR', value: '/var/lib/hoi/audit-checkpoints' },
      { name: 'AUDIT_RETENTION_DAYS', value: '1826' },
    ]);
    expect(secretCatalogue(selfHosted!).find((s) => s.name === 'audit-checkpoint-key')?.usedBy).toEqual([
      'audit-checkpoint',
    ]);
  });

  it('POL-009.2: purges with the audit log’s retention as policies/retention.yaml states it (five years)', () => {
    expect(auditRetentionDays()).toBe(1826);
    const [, job] = auditCheckpoint(selfHosted!, 400) as Json[];
    const env = job!.spec.jobTemplate.spec.template.spec.containers[0].env;
    expect(env.find((e: { name: string }) => e.name === 'AUDIT_RETENTION_DAYS')).toEqual({
      name: 'AUDIT_RETENTION_DAYS',
      value: '400',
    });
  });

  it('keeps the checkpoints on a volume of their own, the only place the hardened pod writes', () => {
    expect(claim).toMatchObject({
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'audit-checkpoints' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    });
    expect(pod.volumes).toEqual([
      { name: 'audit-checkpoints', persistentVolumeClaim: { claimName: 'audit-checkpoints' } },
    ]);
    expect(container.volumeMounts).toEqual([
      { name: 'audit-checkpoints', mountPath: '/var/lib/hoi/audit-checkpoints' },
    ]);
    expect(container.securityContext).toEqual(HARDENED_CONTAINER_CONTEXT);
    expect(pod).toMatchObject({ automountServiceAccountToken: false, securityContext: { fsGroup: 65532 } });
    for (const object of [claim!, cronJob!]) validateObject(object as never);
  });

  it('needs the audit database’s URL from the target, naming the field', () => {
    const { DATABASE_URL: _, ...env } = selfHosted!.env;
    expect(() => auditCheckpoint({ ...selfHosted!, env })).toThrow(
      'targets/self-hosted: env.DATABASE_URL is required (the audit-checkpoint job reads it)',
    );
  });
});
