/**
 * `case-lookup` as data for infrastructure (infra/ reads this file, never the
 * function's code): what it serves, which permissions it checks, how it scales
 * and which configuration it takes.
 */
export const CASE_LOOKUP = {
  name: 'case-lookup',
  description: 'Er der gang i noget? Relevant active municipal cases of a child and whom to contact',
  /** Of its HTTP contract, as `/openapi.json` shows it. */
  version: '1.0.0',
  routes: [{ method: 'POST', path: '/v1/relevant-cases/search' }],
  /** GPs, psychiatry and caseworkers call it from outside the cluster. */
  exposure: 'external',
  permissionsChecked: [
    'child#can_lookup_cases',
    'child#can_lookup_cases_without_override',
    'case#can_view_case_contact',
    'case#can_view_case_contact_without_override',
  ],
  scaling: { minScale: 0, maxScale: 10, containerConcurrency: 50, timeoutSeconds: 15 },
  resources: { cpu: '250m', memory: '256Mi' },
  env: [
    'AUTHZ_MODE',
    'FGA_API_URL',
    'FGA_STORE_ID',
    'FGA_MODEL_ID',
    'FGA_TIMEOUT_MS',
    'DATABASE_URL',
    'UPSTREAM_BASE_URL',
    'UPSTREAM_TIMEOUT_MS',
    'AUTH_MUNICIPAL_ISSUER',
    'AUTH_MUNICIPAL_AUDIENCE',
    'AUTH_MUNICIPAL_JWKS_URL',
    'AUTH_HEALTH_ISSUER',
    'AUTH_HEALTH_AUDIENCE',
    'AUTH_HEALTH_JWKS_URL',
    'OTEL_EXPORTER_OTLP_ENDPOINT',
  ],
  secrets: [
    { env: 'FGA_API_TOKEN', secret: 'openfga-preshared-key', key: 'token' },
    { env: 'PSEUDONYM_KEY', secret: 'child-pseudonym-key', key: 'key' },
    { env: 'DATABASE_PASSWORD', secret: 'audit-database', key: 'password' },
  ],
} as const;
