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

export const PART_OF = { 'app.kubernetes.io/part-of': 'hoi-platform' } as const;

/** On every function's pods: the NetworkPolicies let only these reach the upstreams. */
export const FUNCTION_LABEL = { 'app.kubernetes.io/component': 'function' } as const;
