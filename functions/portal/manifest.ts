import { defineFunction } from '../kit/define-function.ts';

/**
 * `portal` as data (infra/ reads this file, never the function's code): the
 * web pages people use — the clinician's page a GP or psychiatrist opens from
 * the record system (SMART EHR launch or a signed launch token), the
 * caseworker's and the guardian's. It calls the other functions with the
 * signed-in person's own token and decides nothing itself. It verifies the
 * tokens it is given against the platform's trust domains (citizens' too,
 * which is why it holds the pseudonym key) and seals its session with its own key.
 */
export const manifest = defineFunction({
  name: 'portal',
  description: 'HOI-portalen: the pages GPs, psychiatrists, caseworkers and guardians open',
  version: '1.0.0',
  routes: [
    { method: 'GET', path: '/' },
    { method: 'GET', path: '/launch' },
    { method: 'POST', path: '/launch' },
    { method: 'GET', path: '/callback' },
    { method: 'GET', path: '/override' },
    { method: 'POST', path: '/override/confirm' },
    { method: 'POST', path: '/override' },
    { method: 'POST', path: '/logout' },
  ],
  /** Browsers open it from outside the cluster. */
  exposure: 'external',
  uses: ['tokens', 'citizen-tokens', 'pseudonyms'],
  settings: [
    'PORTAL_PUBLIC_URL',
    'PORTAL_FUNCTION_URL_TEMPLATE',
    'PORTAL_LAUNCH_ISSUERS',
    'PORTAL_CLIENT_ID',
    'PORTAL_SESSION_MAX_SEC',
    'PORTAL_CALL_TIMEOUT_MS',
  ],
  secrets: [{ env: 'PORTAL_SESSION_KEY', secret: 'portal-session-key', key: 'key' }],
  /** One instance: the launch tokens' single-use record (their `jti`s) lives in its memory. */
  scaling: { minScale: 0, maxScale: 1, containerConcurrency: 100, timeoutSeconds: 15 },
  resources: { cpu: '250m', memory: '256Mi' },
  /** It shows what the functions it calls answer, and keeps only a sealed session cookie. */
  processing: {
    policies: ['POL-004', 'POL-005', 'POL-003', 'POL-007', 'POL-008'],
    legalBasis: ['gdpr-6-1-e', 'gdpr-9-2-h', 'barnets-lov', 'sundhedsloven', 'dbl-11', 'gdpr-15'],
    recipients: ['web-app', 'sapa', 'citizen-portal'],
    categories: [
      'cpr-number',
      'municipal-case',
      'school-enrolment',
      'appointments',
      'correspondence-content',
      'access-record',
      'employee-identity',
    ],
  },
});
