/**
 * What Pod Security `restricted` asks of every pod and container, plus a read-only root
 * file system and no service-account token (nothing here talks to the Kubernetes API).
 */
export const RESTRICTED_POD = {
  automountServiceAccountToken: false,
  enableServiceLinks: false,
  securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
} as const;

export const RESTRICTED_CONTAINER = {
  runAsNonRoot: true,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
} as const;

/** `registry/repository@sha256:…`: images by digest only, never by tag. */
export function pinnedImage(image: {
  readonly registry: string;
  readonly repository: string;
  readonly digest: string;
}) {
  return `${image.registry}/${image.repository}@${image.digest}`;
}

/**
 * `registry/repository:version@sha256:…`, for an operator that reads the version from the
 * tag: CloudNativePG refuses a Cluster image given by digest alone ("Can't use just the
 * image sha as we can't detect upgrades"). The digest still decides what is pulled.
 */
export function versionedImage(image: {
  readonly registry: string;
  readonly repository: string;
  readonly version: string;
  readonly digest: string;
}) {
  return `${image.registry}/${image.repository}:${image.version}@${image.digest}`;
}

export const PART_OF = { 'app.kubernetes.io/part-of': 'hoi-platform' } as const;

/** On every function's pods: the NetworkPolicies let only these reach the upstreams. */
export const FUNCTION_LABEL = { 'app.kubernetes.io/component': 'function' } as const;

/** On the pods of the functions' CronJobs: their NetworkPolicy lets them reach Knative's gateway only. */
export const SCHEDULED_CALL_LABEL = { 'app.kubernetes.io/component': 'scheduled-call' } as const;

/** Every pod but the scheduled calls' (pods without the label included). */
export const ALL_BUT_SCHEDULED_CALLS = {
  matchExpressions: [{ key: 'app.kubernetes.io/component', operator: 'NotIn', values: ['scheduled-call'] }],
};

/** On the OpenFGA bootstrap Job's pods: the only pods with a service-account token and API server egress. */
export const BOOTSTRAP_LABEL = { 'app.kubernetes.io/component': 'openfga-bootstrap' } as const;
