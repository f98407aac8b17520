import type { Target } from '../targets/schema.ts';
import type { KubernetesObject } from './knative-service.ts';
import { PART_OF, pinnedImage, RESTRICTED_CONTAINER, RESTRICTED_POD } from './pod-security.ts';
import { OPENFGA_DB } from './postgres.ts';

const HTTP_PORT = 8080;
const GRPC_PORT = 8081;
/** The distroless image's `nonroot` user: runAsNonRoot needs a numeric id to check. */
const NONROOT_UID = 65532;
/** The server's container memory limit, MiB. */
export const OPENFGA_MEMORY_LIMIT_MIB = 512;

/**
 * Go's collector for the server: the heap may grow to 5× the live one before a
 * collection (GOGC=400; Go's default is 100), under a soft limit at 80% of the
 * container's, where the collector works harder before the kernel would kill
 * it. Measured with production case-lookup under load (OpenFGA and PostgreSQL
 * on loopback, 50 connections for 10 s, runs alternated): OpenFGA's CPU per
 * lookup 4.0-4.4 → 3.4-3.5 ms, case-lookup 181-210 → 227-237 req/s, the
 * server's peak RSS 98 → 162 MiB. GOGC=off under the same limit saved more
 * (3.0 ms) but ran at 423 MiB, too close to the limit to take a burst.
 * `.ci/with-services` runs the server with the same two values.
 */
export const OPENFGA_GO_GC = {
  GOGC: '400',
  GOMEMLIMIT: `${Math.floor(OPENFGA_MEMORY_LIMIT_MIB * 0.8)}MiB`,
} as const;

/**
 * OpenFGA's environment: PostgreSQL datastore (URI from the Secret CloudNativePG writes),
 * playground off, pre-shared-key authentication (the key the functions send as
 * `FGA_API_TOKEN`), check caches on, Go's collector as OPENFGA_GO_GC says.
 */
function openfgaEnv() {
  return [
    { name: 'OPENFGA_DATASTORE_ENGINE', value: 'postgres' },
    { name: 'OPENFGA_DATASTORE_URI', valueFrom: { secretKeyRef: { name: `${OPENFGA_DB}-app`, key: 'uri' } } },
    { name: 'OPENFGA_PLAYGROUND_ENABLED', value: 'false' },
    { name: 'OPENFGA_AUTHN_METHOD', value: 'preshared' },
    {
      name: 'OPENFGA_AUTHN_PRESHARED_KEYS',
      valueFrom: { secretKeyRef: { name: 'openfga-preshared-key', key: 'token' } },
    },
    { name: 'OPENFGA_CHECK_QUERY_CACHE_ENABLED', value: 'true' },
    { name: 'OPENFGA_CHECK_QUERY_CACHE_TTL', value: '10s' },
    { name: 'OPENFGA_CHECK_ITERATOR_CACHE_ENABLED', value: 'true' },
    { name: 'OPENFGA_LOG_FORMAT', value: 'json' },
    ...Object.entries(OPENFGA_GO_GC).map(([name, value]) => ({ name, value })),
  ];
}

/**
 * The serving server's log level. OpenFGA logs every request whole at `info`
 * (`raw_request`: the child's pseudonym and its facts as contextual tuples —
 * GP listing, courses, Min Spærring blocks) and a request that fails inside
 * the server whole again at `error`: no level but `none` keeps a child's
 * identifier out of its log lines (POL-001.7). The audit log records every
 * decision; OpenFGA's health is its probes and the functions' problem codes;
 * a failed start still panics to stderr with its reason.
 */
export const OPENFGA_LOG_LEVEL = 'none';

function podSpec(
  target: Target,
  args: string[],
  extra: Record<string, unknown> = {},
  env: readonly { name: string; value: string }[] = [],
) {
  return {
    ...RESTRICTED_POD,
    securityContext: { ...RESTRICTED_POD.securityContext, runAsUser: NONROOT_UID },
    containers: [
      {
        name: 'openfga',
        image: pinnedImage(target.images.openfga),
        args,
        env: [...openfgaEnv(), ...env],
        securityContext: RESTRICTED_CONTAINER,
        ...extra,
      },
    ],
  };
}

/**
 * The OpenFGA server (Deployment + Service) and its migrations as a Job named after the
 * release, so an upgrade runs a new Job instead of editing an immutable one.
 */
export function openfga(target: Target): KubernetesObject[] {
  const namespace = target.namespaces.platform;
  const labels = { 'app.kubernetes.io/name': 'openfga', ...PART_OF };
  const version = target.images.openfga.version;
  return [
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: `openfga-migrate-${version.replaceAll('.', '-')}`, namespace, labels },
      spec: {
        backoffLimit: 3,
        template: {
          metadata: { labels },
          spec: { ...podSpec(target, ['migrate']), restartPolicy: 'OnFailure' },
        },
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'openfga', namespace, labels },
      spec: {
        replicas: target.openfgaReplicas,
        selector: { matchLabels: { 'app.kubernetes.io/name': 'openfga' } },
        template: {
          metadata: { labels },
          spec: podSpec(
            target,
            ['run'],
            {
              ports: [
                { name: 'http', containerPort: HTTP_PORT },
                { name: 'grpc', containerPort: GRPC_PORT },
              ],
              readinessProbe: { httpGet: { path: '/healthz', port: HTTP_PORT } },
              livenessProbe: { httpGet: { path: '/healthz', port: HTTP_PORT } },
              resources: {
                requests: { cpu: '250m', memory: '256Mi' },
                limits: { memory: `${OPENFGA_MEMORY_LIMIT_MIB}Mi` },
              },
            },
            // The migrations log no request; the server's requests carry children's facts.
            [{ name: 'OPENFGA_LOG_LEVEL', value: OPENFGA_LOG_LEVEL }],
          ),
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'openfga', namespace, labels },
      spec: {
        type: 'ClusterIP',
        selector: { 'app.kubernetes.io/name': 'openfga' },
        ports: [
          { name: 'http', port: HTTP_PORT, targetPort: 'http' },
          { name: 'grpc', port: GRPC_PORT, targetPort: 'grpc' },
        ],
      },
    },
  ];
}
