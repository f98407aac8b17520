import { DEFAULT_CHARTS, DEFAULT_NAMESPACES, inClusterEnv, mirroredImages, sandboxUrl } from './defaults.ts';
import type { TargetInput } from './schema.ts';

/**
 * A developer's kind/k3d cluster: the image from the cluster's local registry, the
 * sandbox's synthetic upstreams, one made-up municipality.
 */
export const LOCAL: TargetInput = {
  name: 'local',
  kubeContext: 'kind-hoi',
  hosting: { operator: 'a developer’s machine (kind/k3d)', country: 'DK' },
  namespaces: DEFAULT_NAMESPACES,
  image: {
    registry: 'localhost:5001',
    repository: 'hoi-platform/functions',
    // Replace with the digest the local image build prints.
    digest: 'sha256:0000000000000000000000000000000000000000000000000000000000000000',
  },
  images: mirroredImages('localhost:5001/mirror'),
  charts: DEFAULT_CHARTS,
  municipalities: [
    {
      // The sandbox's synthetic organisation is Aalborg's (and its neighbours').
      code: '851',
      domain: 'aalborg.localhost',
      issuers: ['https://idp.aalborg.localhost'],
      upstreams: { serviceplatformen: sandboxUrl('hoi-platform') },
    },
  ],
  health: { issuer: 'https://idp.health.localhost' },
  // No real upstreams: the sandbox (functions/sandbox) answers their contracts in the cluster.
  sandbox: true,
  egress: [],
  backup: {
    endpointUrl: 'http://minio.hoi-platform.svc.cluster.local:9000',
    bucket: 'hoi-backups',
    path: 'local',
    credentialsSecret: 'backup-s3-credentials',
    cidrs: ['10.96.0.0/12'],
    port: 9000,
  },
  apiServer: { cidrs: ['172.18.0.0/16'] },
  env: {
    ...inClusterEnv('hoi-platform'),
    // A cluster to try the platform on: every request's trace is there to look at.
    OTEL_TRACES_SAMPLER_ARG: '1',
    PORTAL_PUBLIC_URL: 'https://portal.aalborg.localhost',
    UPSTREAM_BASE_URL: sandboxUrl('hoi-platform'),
  },
  scaling: { 'case-lookup': { maxScale: 2 } },
};
