import {
  DEFAULT_NAMESPACES,
  inClusterEnv,
  mirroredCharts,
  mirroredImages,
  mirroredKnativeImages,
} from './defaults.ts';
import type { TargetInput } from './schema.ts';

/**
 * The pilot's shared regional deployment on a generic EU-hosted managed Kubernetes: one
 * platform serving every pilot municipality. Documentation addresses (RFC 5737) stand
 * where the operator writes the real CIDRs.
 */
export const EU_MANAGED: TargetInput = {
  name: 'eu-managed',
  // The region's EU object storage (a placeholder address); keys from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.
  state: {
    kind: 's3',
    bucket: 'hoi-platform-state',
    keyPrefix: 'region',
    region: 'eu-dk-1',
    endpointUrl: 'https://s3.hoi-region.example',
  },
  hosting: {
    operator: 'Region Nordjylland',
    provider: 'an EU-hosted managed Kubernetes (sample)',
    country: 'DK',
  },
  namespaces: DEFAULT_NAMESPACES,
  image: {
    registry: 'registry.hoi-region.example',
    repository: 'hoi-platform/functions',
    digest: 'sha256:2222222222222222222222222222222222222222222222222222222222222222',
  },
  images: mirroredImages('registry.hoi-region.example/mirror'),
  knativeImages: mirroredKnativeImages('registry.hoi-region.example/mirror'),
  charts: mirroredCharts('oci://registry.hoi-region.example/charts'),
  municipalities: [
    {
      code: '851',
      domain: 'aalborg.hoi-region.example',
      issuers: ['https://idp.aalborg.example/realms/employees'],
      upstreams: { serviceplatformen: 'https://serviceplatformen.example' },
    },
    {
      code: '860',
      domain: 'hjoerring.hoi-region.example',
      issuers: ['https://idp.hjoerring.example'],
      upstreams: { serviceplatformen: 'https://serviceplatformen.example' },
      // Hjørring does not disclose SSP cases (27.25.12) to health: the reason is in the file.
      relevantCases: 'policies/municipalities/860-relevant-cases.yaml',
      klePlan: { configMap: 'kle-plan-860' },
    },
  ],
  health: { issuer: 'https://sts.sundhed-nord.example', jwksUrl: 'https://sts.sundhed-nord.example/keys' },
  egress: [
    { name: 'serviceplatformen', host: 'serviceplatformen.example', cidrs: ['192.0.2.16/28'], ports: [443] },
    { name: 'nsp', host: 'nsp.example', cidrs: ['198.51.100.16/28'], ports: [443] },
    { name: 'medcom', host: 'medcom-gateway.example', cidrs: ['203.0.113.16/28'], ports: [443] },
  ],
  backup: {
    endpointUrl: 'https://s3.hoi-region.example',
    bucket: 'hoi-platform-backups',
    path: 'region',
    credentialsSecret: 'backup-s3-credentials',
    cidrs: ['198.51.100.64/28'],
  },
  apiServer: { cidrs: ['198.51.100.96/28'] },
  env: {
    ...inClusterEnv('hoi-platform'),
    PORTAL_PUBLIC_URL: 'https://portal.aalborg.hoi-region.example',
    UPSTREAM_BASE_URL: 'https://serviceplatformen.example',
  },
  database: { instances: 3, storage: '50Gi', retention: '90d' },
  scaling: { 'case-lookup': { minScale: 1, maxScale: 20 } },
};
