import {
  DEFAULT_NAMESPACES,
  inClusterEnv,
  mirroredCharts,
  mirroredImages,
  mirroredKnativeImages,
} from './defaults.ts';
import type { TargetInput } from './schema.ts';

/**
 * One municipality's own data centre: its own registry mirror and S3-compatible storage,
 * only its own upstreams. Documentation addresses (RFC 5737) stand where a municipality
 * writes its real CIDRs.
 */
export const SELF_HOSTED: TargetInput = {
  name: 'self-hosted',
  // The municipality's own PostgreSQL; the connection string comes from PG_CONN_STR at deploy time.
  state: { kind: 'pg', schemaPrefix: 'hoi_state' },
  hosting: { operator: 'Aalborg Kommune (its own data centre)', country: 'DK' },
  namespaces: DEFAULT_NAMESPACES,
  image: {
    registry: 'registry.aalborg.example',
    repository: 'hoi-platform/functions',
    digest: 'sha256:1111111111111111111111111111111111111111111111111111111111111111',
  },
  images: mirroredImages('registry.aalborg.example/mirror'),
  knativeImages: mirroredKnativeImages('registry.aalborg.example/mirror'),
  charts: mirroredCharts('oci://registry.aalborg.example/charts'),
  municipalities: [
    {
      code: '851',
      domain: 'hoi.aalborg.example',
      issuers: ['https://idp.aalborg.example/realms/employees'],
      upstreams: {
        serviceplatformen: 'https://exttest.serviceplatformen.example',
        nsp: 'https://nsp.example',
        medcom: 'https://medcom-gateway.example',
      },
    },
  ],
  health: { issuer: 'https://sts.sundhed-nord.example', jwksUrl: 'https://sts.sundhed-nord.example/keys' },
  egress: [
    {
      name: 'serviceplatformen',
      host: 'exttest.serviceplatformen.example',
      cidrs: ['192.0.2.0/28'],
      ports: [443],
    },
    { name: 'nsp', host: 'nsp.example', cidrs: ['198.51.100.0/28'], ports: [443] },
    { name: 'medcom', host: 'medcom-gateway.example', cidrs: ['203.0.113.0/28'], ports: [443] },
  ],
  backup: {
    endpointUrl: 'https://s3.aalborg.example',
    bucket: 'hoi-platform-backups',
    path: 'aalborg',
    credentialsSecret: 'backup-s3-credentials',
    cidrs: ['192.0.2.64/28'],
  },
  apiServer: { cidrs: ['192.0.2.96/28'] },
  env: {
    ...inClusterEnv('hoi-platform'),
    PORTAL_PUBLIC_URL: 'https://portal.hoi.aalborg.example',
    UPSTREAM_BASE_URL: 'https://exttest.serviceplatformen.example',
  },
};
