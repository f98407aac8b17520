import type { Target } from '../targets/schema.ts';
import type { FunctionManifest } from './function-manifest.ts';
import type { KubernetesObject } from './knative-service.ts';
import { PART_OF } from './pod-security.ts';

/** The platform's one Broker: correspondence and other platform events go through it. */
export const BROKER = 'platform';

const serviceRef = (fn: FunctionManifest, path: string | undefined) => ({
  ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: fn.name },
  ...(path ? { uri: path } : {}),
});

export function broker(target: Target): KubernetesObject {
  return {
    apiVersion: 'eventing.knative.dev/v1',
    kind: 'Broker',
    metadata: { name: BROKER, namespace: target.namespaces.platform, labels: { ...PART_OF } },
    spec: {},
  };
}

/**
 * What a function's manifest asks of eventing: a SinkBinding that gives it the
 * Broker as `K_SINK` when it emits events, one Trigger per CloudEvent type it
 * receives and a PingSource for its schedule.
 */
export function functionEventing(fn: FunctionManifest, target: Target): KubernetesObject[] {
  const namespace = target.namespaces.platform;
  const labels = { 'app.kubernetes.io/name': fn.name, ...PART_OF };
  const triggers = fn.triggers.map((trigger, i) => ({
    apiVersion: 'eventing.knative.dev/v1',
    kind: 'Trigger',
    metadata: { name: `${fn.name}-${i + 1}`, namespace, labels },
    spec: {
      broker: BROKER,
      filter: { attributes: { type: trigger.type } },
      subscriber: serviceRef(fn, trigger.path),
    },
  }));
  const schedule = fn.schedule
    ? [
        {
          apiVersion: 'sources.knative.dev/v1',
          kind: 'PingSource',
          metadata: { name: `${fn.name}-schedule`, namespace, labels },
          spec: { schedule: fn.schedule.cron, timezone: 'UTC', sink: serviceRef(fn, fn.schedule.path) },
        },
      ]
    : [];
  const sink =
    fn.emits.length > 0
      ? [
          {
            apiVersion: 'sources.knative.dev/v1',
            kind: 'SinkBinding',
            metadata: { name: `${fn.name}-events`, namespace, labels },
            spec: {
              subject: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: fn.name },
              sink: { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: BROKER } },
            },
          },
        ]
      : [];
  return [...sink, ...triggers, ...schedule];
}

/** Trigger types no deployed function emits: a subscription that would never hear anything. */
export function unheardTriggers(functions: readonly FunctionManifest[]): string[] {
  const emitted = new Set(functions.flatMap((fn) => fn.emits));
  return functions.flatMap((fn) => fn.triggers.map((t) => t.type)).filter((type) => !emitted.has(type));
}
