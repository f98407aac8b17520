import { defineFunction } from '../kit/define-function.ts';

/**
 * `appointments` as data (infra/ reads this file, never the function's code):
 * a child's BUP appointments for the caseworker or PPR psychologist handling
 * its case, as SAPA shows them (POL-003).
 */
export const manifest = defineFunction({
  name: 'appointments',
  description:
    'A child’s child and youth psychiatry appointments, for the caseworker or PPR psychologist on its case',
  version: '1.0.0',
  routes: [{ method: 'POST', path: '/v1/appointments/search' }],
  /** SAPA and the case systems call it from outside the cluster. */
  exposure: 'external',
  uses: ['authorizer', 'pseudonyms', 'audit', 'tokens'],
  upstreams: ['case-index', 'min-spaerring', 'appointments'],
  permissionsChecked: ['child#can_view_appointments', 'child#can_view_appointments_without_override'],
  scaling: { minScale: 0, maxScale: 10, containerConcurrency: 50, timeoutSeconds: 15 },
  resources: { cpu: '250m', memory: '256Mi' },
  processing: {
    policies: ['POL-003', 'POL-008'],
    legalBasis: ['gdpr-6-1-e', 'gdpr-9-2-h', 'barnets-lov', 'sundhedsloven', 'dbl-11'],
    recipients: ['sapa'],
  },
});
