import { defineFunction } from '../kit/define-function.ts';

/**
 * `authz-sync` as data for infrastructure: the job that keeps the OpenFGA
 * store's organisation in step with FK Organisation and SOR. One instance at
 * a time, so two syncs never interleave their writes. Its schedule is a
 * CronJob that sends the bearer token (a PingSource cannot); targets may
 * change how often (`schedules['authz-sync'].sync`).
 */
export const manifest = defineFunction({
  name: 'authz-sync',
  description: 'Keeps the OpenFGA organisation tuples in step with FK Organisation and SOR',
  version: '1.0.0',
  routes: [{ method: 'POST', path: '/v1/sync' }],
  /** Only the platform's own schedule calls it. */
  exposure: 'cluster-local',
  upstreams: ['fk-organisation', 'sor'],
  scaling: { minScale: 0, maxScale: 1, containerConcurrency: 1, timeoutSeconds: 300 },
  resources: { cpu: '250m', memory: '256Mi' },
  processing: {
    policies: ['POL-001', 'POL-002'],
    legalBasis: ['gdpr-6-1-e', 'gdpr-6-1-c'],
    recipients: ['authorization-store'],
    stores: ['authorization-store'],
  },
  // It writes the store itself (never through the authorizer part, which only reads).
  settings: [
    'FGA_API_URL',
    'FGA_STORE_ID',
    'FGA_MODEL_ID',
    'FGA_TIMEOUT_MS',
    'AUTHZ_MODEL_FILE',
    'AUTHZ_TUPLE_POLICY_FILE',
    'RELEVANT_CASES_FILE',
    'RELEVANT_CASES_BY_MUNICIPALITY',
    'KLE_PLAN_BY_MUNICIPALITY',
    'AUTHZ_MUNICIPALITIES',
    'SYNC_MAX_DELETE_SHARE',
  ],
  secrets: [
    { env: 'FGA_API_TOKEN', secret: 'openfga-preshared-key', key: 'token' },
    { env: 'SYNC_TOKEN', secret: 'authz-sync-token', key: 'token' },
  ],
  schedules: [
    {
      name: 'sync',
      cron: '*/15 * * * *',
      path: '/v1/sync',
      method: 'POST',
      tokenSecret: { secret: 'authz-sync-token', key: 'token' },
    },
  ],
});
