import { describe, expect, it } from 'vitest';
import { manifest as AUTHZ_SYNC } from '../../functions/authz-sync/manifest.ts';
import { loadTargets } from '../targets/index.ts';
import { parseManifest } from './function-manifest.ts';
import { scheduledCalls } from './scheduled-calls.ts';
import { HARDENED_CONTAINER_CONTEXT } from './testing/hardened-container.ts';
import { validateObject } from './testing/validate-objects.ts';

const [selfHosted] = loadTargets(['self-hosted']);
const authzSync = parseManifest('functions/authz-sync/manifest.ts', AUTHZ_SYNC);
// biome-ignore lint/suspicious/noExplicitAny: tests read the generated data loosely
type Json = Record<string, any>;
const [cronJob] = scheduledCalls([authzSync], selfHosted!) as Json[];
const jobSpec = cronJob!.spec.jobTemplate.spec;
const pod = jobSpec.template.spec;
const container = pod.containers[0];

describe('scheduledCalls', () => {
  it('makes one CronJob per manifest schedule, every 15 minutes UTC unless the target says otherwise', () => {
    expect(cronJob!.metadata).toEqual({
      name: 'authz-sync-sync',
      namespace: 'hoi-platform',
      labels: {
        'app.kubernetes.io/name': 'authz-sync',
        'app.kubernetes.io/part-of': 'hoi-platform',
        'app.kubernetes.io/component': 'scheduled-call',
      },
    });
    expect(cronJob!.spec.schedule).toBe('*/15 * * * *');
    expect(cronJob!.spec.timeZone).toBe('Etc/UTC');
    const hourly = { ...selfHosted!, schedules: { 'authz-sync': { sync: '0 * * * *' } } };
    expect((scheduledCalls([authzSync], hourly)[0] as Json).spec.schedule).toBe('0 * * * *');
  });

  it('never overlaps, skips a run it could not start in time, retries once and keeps a short history', () => {
    expect(cronJob!.spec).toMatchObject({
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 300,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
    });
    // authz-sync's 300 s timeout + 60 s for a cold start, twice, + 60 s for the pods.
    expect(jobSpec).toMatchObject({
      backoffLimit: 1,
      activeDeadlineSeconds: 780,
      ttlSecondsAfterFinished: 86_400,
    });
    expect(pod.restartPolicy).toBe('Never');
  });

  it("runs the platform image's scheduled-call program against the function's in-cluster URL with the token by reference", () => {
    expect(container.image).toBe(
      `registry.aalborg.example/hoi-platform/functions@${selfHosted!.image.digest}`,
    );
    expect(container.command).toEqual(['node', 'dist/scheduled-call.js']);
    expect(container.env).toEqual([
      { name: 'CALL_URL', value: 'http://authz-sync.hoi-platform.svc.cluster.local/v1/sync' },
      { name: 'CALL_METHOD', value: 'POST' },
      { name: 'CALL_TIMEOUT_MS', value: '360000' },
      { name: 'CALL_TOKEN', valueFrom: { secretKeyRef: { name: 'authz-sync-token', key: 'token' } } },
    ]);
    expect(container.resources).toEqual({
      requests: { cpu: '50m', memory: '64Mi' },
      limits: { memory: '128Mi' },
    });
  });

  it('is hardened like the functions: non-root, read-only root, no escalation, no capabilities, RuntimeDefault, no token', () => {
    expect(pod).toMatchObject({
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    });
    expect(container.securityContext).toEqual(HARDENED_CONTAINER_CONTEXT);
  });

  it('refuses a target override naming no schedule, naming the field', () => {
    const typo = { ...selfHosted!, schedules: { 'authz-sync': { synk: '0 * * * *' } } };
    expect(() => scheduledCalls([authzSync], typo)).toThrow(
      'targets/self-hosted: schedules.authz-sync.synk names no schedule of functions/authz-sync/manifest.ts',
    );
  });

  it('refuses a schedule whose CronJob name would pass 52 characters', () => {
    const long = { ...authzSync, schedules: [{ ...authzSync.schedules[0]!, name: 'x'.repeat(45) }] };
    expect(() => scheduledCalls([long], selfHosted!)).toThrow(/longer than 52 characters/);
  });

  it('passes the CronJob model validator and the project rules for every target', () => {
    for (const target of loadTargets())
      for (const o of scheduledCalls([authzSync], target)) validateObject(o);
  });
});

describe('validateObject on CronJobs (project rules)', () => {
  const variant = (change: (copy: Json) => void) => {
    const copy = structuredClone(cronJob!);
    change(copy);
    return () => validateObject(copy as never);
  };

  it('refuses a CronJob that may overlap its last run', () => {
    expect(variant((c) => (c.spec.concurrencyPolicy = 'Allow'))).toThrow(
      'CronJob/authz-sync-sync: spec.concurrencyPolicy must be Forbid',
    );
  });

  it('refuses a CronJob without a starting deadline', () => {
    expect(variant((c) => delete c.spec.startingDeadlineSeconds)).toThrow(
      'CronJob/authz-sync-sync: spec.startingDeadlineSeconds is required',
    );
  });

  it('refuses a CronJob name over 52 characters', () => {
    expect(variant((c) => (c.metadata.name = 'a'.repeat(53)))).toThrow(
      'metadata.name must be at most 52 characters',
    );
  });

  it('refuses an image by tag inside the job template', () => {
    expect(
      variant((c) => (c.spec.jobTemplate.spec.template.spec.containers[0].image = 'registry.example/f:1')),
    ).toThrow('spec.jobTemplate.spec.template.spec.containers[0].image must be pinned by digest');
  });
});
