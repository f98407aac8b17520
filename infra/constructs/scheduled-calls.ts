import type { Target } from '../targets/schema.ts';
import type { FunctionManifest } from './function-manifest.ts';
import { functionImage, type KubernetesObject } from './knative-service.ts';
import { PART_OF, RESTRICTED_CONTAINER, RESTRICTED_POD, SCHEDULED_CALL_LABEL } from './pod-security.ts';

/** Kubernetes appends 11 characters to a CronJob's name for its Jobs, within 63. */
const MAX_CRON_JOB_NAME = 52;
/** A run that could not start within this of its time is skipped, not run late. */
const STARTING_DEADLINE_SECONDS = 300;
/** Room for a cold start through the activator on top of the function's own timeout. */
const COLD_START_SECONDS = 60;

/**
 * A CronJob per `schedules[]` entry of a function's manifest: the platform image
 * runs `dist/scheduled-call.js`, which calls the function's route through Knative's
 * in-cluster gateway with the bearer token from the Secret the manifest names and
 * fails on anything but 2xx. Never two runs at once; a run that could not start on
 * time is skipped; one retry; pod hardened like the functions' and without a
 * service-account token.
 */
export function scheduledCalls(functions: readonly FunctionManifest[], target: Target): KubernetesObject[] {
  checkOverrides(functions, target);
  const namespace = target.namespaces.platform;
  return functions.flatMap((fn) =>
    fn.schedules.map((schedule) => {
      const name = `${fn.name}-${schedule.name}`;
      if (name.length > MAX_CRON_JOB_NAME) {
        throw new Error(
          `functions/${fn.name}/manifest.ts: schedules ${schedule.name} makes the CronJob name ${name}, ` +
            `longer than ${MAX_CRON_JOB_NAME} characters`,
        );
      }
      const callSeconds = fn.scaling.timeoutSeconds + COLD_START_SECONDS;
      const labels = { 'app.kubernetes.io/name': fn.name, ...PART_OF, ...SCHEDULED_CALL_LABEL };
      return {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name, namespace, labels },
        spec: {
          schedule: target.schedules[fn.name]?.[schedule.name] ?? schedule.cron,
          timeZone: 'Etc/UTC',
          concurrencyPolicy: 'Forbid',
          startingDeadlineSeconds: STARTING_DEADLINE_SECONDS,
          successfulJobsHistoryLimit: 3,
          failedJobsHistoryLimit: 3,
          jobTemplate: {
            metadata: { labels },
            spec: {
              backoffLimit: 1,
              // Both tries, each with its own call deadline, plus the pods' start.
              activeDeadlineSeconds: 2 * callSeconds + 60,
              ttlSecondsAfterFinished: 86_400,
              template: {
                metadata: { labels },
                spec: {
                  ...RESTRICTED_POD,
                  restartPolicy: 'Never',
                  containers: [
                    {
                      name: 'call',
                      image: functionImage(target),
                      command: ['node', 'dist/scheduled-call.js'],
                      env: [
                        {
                          name: 'CALL_URL',
                          value: `http://${fn.name}.${namespace}.svc.cluster.local${schedule.path}`,
                        },
                        { name: 'CALL_METHOD', value: schedule.method },
                        { name: 'CALL_TIMEOUT_MS', value: String(callSeconds * 1000) },
                        {
                          name: 'CALL_TOKEN',
                          valueFrom: {
                            secretKeyRef: {
                              name: schedule.tokenSecret.secret,
                              key: schedule.tokenSecret.key,
                            },
                          },
                        },
                      ],
                      resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
                      securityContext: RESTRICTED_CONTAINER,
                    },
                  ],
                },
              },
            },
          },
        },
      };
    }),
  );
}

/** A target's `schedules` must name schedules that exist: a typo would silently keep the default. */
function checkOverrides(functions: readonly FunctionManifest[], target: Target): void {
  for (const [fnName, overrides] of Object.entries(target.schedules)) {
    const fn = functions.find((f) => f.name === fnName);
    for (const name of Object.keys(overrides)) {
      if (!fn?.schedules.some((s) => s.name === name)) {
        throw new Error(
          `targets/${target.name}: schedules.${fnName}.${name} names no schedule of functions/${fnName}/manifest.ts`,
        );
      }
    }
  }
}
