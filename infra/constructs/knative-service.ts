import type { Target } from '../targets/schema.ts';
import { envValues } from './function-env.ts';
import type { FunctionManifest } from './function-manifest.ts';
import { klePlanVolumes } from './kle-plans.ts';
import { heapFlags, replicaTupleLimit } from './node-heap.ts';
import { PUBLISHED_ENV, STORE_CONFIG_MAP } from './openfga-bootstrap.ts';
import { FUNCTION_LABEL, PART_OF, pinnedImage, RESTRICTED_CONTAINER } from './pod-security.ts';

/** The port every function serves (`PORT`, the kit's default). */
export const FUNCTION_PORT = 8080;
export const HEALTH_PATHS = { readiness: '/health/readiness', liveness: '/health/liveness' } as const;

export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/** `registry/repository@sha256:…`: the one image, never by tag. */
export function functionImage(target: Target): string {
  return pinnedImage(target.image);
}

/** The manifest's scaling with the target's override for this function laid over it. */
export function effectiveScaling(manifest: FunctionManifest, target: Target): FunctionManifest['scaling'] {
  const scaling = { ...manifest.scaling, ...target.scaling[manifest.name] };
  if (scaling.minScale > scaling.maxScale) {
    throw new Error(
      `targets/${target.name}: scaling.${manifest.name}.minScale (${scaling.minScale}) must be ≤ ` +
        `maxScale (${scaling.maxScale}) from the target or functions/${manifest.name}/manifest.ts`,
    );
  }
  return scaling;
}

/**
 * The Knative Service of one function, as plain Kubernetes data: image by digest,
 * `node --max-old-space-size=<60% of its memory limit> --max-semi-space-size=<1/16, ≤16 MiB> --min-semi-space-size=<the same> dist/<name>.js` (node-heap.ts), env values from the target for the keys the manifest declares
 * (the OpenFGA store and model ids from the bootstrap Job's ConfigMap), secrets by
 * reference only, probes on the kit's health paths, and a pod that runs as non-root on
 * a read-only root file system without capabilities or a service-account token.
 */
export function knativeService(manifest: FunctionManifest, target: Target): KubernetesObject {
  const scaling = effectiveScaling(manifest, target);
  for (const name of Object.keys(PUBLISHED_ENV)) {
    if (target.env[name] !== undefined) {
      throw new Error(
        `targets/${target.name}: env.${name} is published by the OpenFGA bootstrap Job, not set by a target`,
      );
    }
  }
  const values: Readonly<Record<string, string>> = {
    // A copy of the store sized to this container (node-heap.ts), unless the target says otherwise.
    ...(manifest.env.includes('AUTHZ_REPLICA_MAX_TUPLES')
      ? { AUTHZ_REPLICA_MAX_TUPLES: String(replicaTupleLimit(manifest.resources.memory)) }
      : {}),
    ...envValues(target),
  };
  const env = [
    ...manifest.env
      .filter((name) => values[name] !== undefined)
      .map((name) => ({ name, value: values[name]! })),
    ...manifest.env
      .filter((name) => PUBLISHED_ENV[name] !== undefined)
      .map((name) => ({
        name,
        valueFrom: { configMapKeyRef: { name: STORE_CONFIG_MAP, key: PUBLISHED_ENV[name]! } },
      })),
    ...manifest.secrets.map((ref) => ({
      name: ref.env,
      valueFrom: { secretKeyRef: { name: ref.secret, key: ref.key } },
    })),
  ];
  const plans = klePlanVolumes(manifest, target);
  const labels = {
    'app.kubernetes.io/name': manifest.name,
    'app.kubernetes.io/part-of': 'hoi-platform',
    // Never on Knative's default domain: a function whose manifest says `exposure: 'external'`
    // is reached from outside only at its DomainMappings' hosts (constructs/ingress.ts).
    'networking.knative.dev/visibility': 'cluster-local',
  };
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name: manifest.name, namespace: target.namespaces.platform, labels },
    spec: {
      template: {
        metadata: {
          labels: { 'app.kubernetes.io/name': manifest.name, ...PART_OF, ...FUNCTION_LABEL },
          annotations: {
            'autoscaling.knative.dev/min-scale': String(scaling.minScale),
            'autoscaling.knative.dev/max-scale': String(scaling.maxScale),
            'autoscaling.knative.dev/target': String(scaling.containerConcurrency),
          },
        },
        spec: {
          containerConcurrency: scaling.containerConcurrency,
          timeoutSeconds: scaling.timeoutSeconds,
          enableServiceLinks: false,
          automountServiceAccountToken: false,
          // Knative admits only seccompProfile at pod level (more needs its
          // kubernetes.podspec-securitycontext flag); the container carries runAsNonRoot.
          securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
          // The root file system is read-only; the image writes only under /tmp (its HOME).
          // Municipalities' KLE plans (authz-sync only), from their own ConfigMaps.
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }, ...plans.volumes],
          containers: [
            {
              name: manifest.name,
              image: functionImage(target),
              command: ['node', ...heapFlags(manifest.resources.memory), `dist/${manifest.name}.js`],
              ports: [{ name: 'http1', containerPort: FUNCTION_PORT }],
              env,
              resources: {
                requests: { cpu: manifest.resources.cpu, memory: manifest.resources.memory },
                // No CPU limit: throttling a Node event loop costs more latency than it saves.
                limits: { memory: manifest.resources.memory },
              },
              readinessProbe: {
                httpGet: { path: HEALTH_PATHS.readiness, port: FUNCTION_PORT },
                periodSeconds: 5,
              },
              livenessProbe: {
                httpGet: { path: HEALTH_PATHS.liveness, port: FUNCTION_PORT },
                periodSeconds: 10,
              },
              securityContext: RESTRICTED_CONTAINER,
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, ...plans.mounts],
            },
          ],
        },
      },
    },
  };
}
