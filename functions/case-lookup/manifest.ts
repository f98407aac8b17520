import { defineFunction } from '../kit/define-function.ts';

/**
 * `case-lookup` as data (infra/ reads this file, never the function's code):
 * what it serves, the kit parts and upstreams it uses, which permissions it
 * checks and how it scales. Its variables follow from these.
 */
export const manifest = defineFunction({
  name: 'case-lookup',
  description: 'Er der gang i noget? Relevant active municipal cases of a child and whom to contact',
  version: '1.0.0',
  routes: [{ method: 'POST', path: '/v1/relevant-cases/search' }],
  /** GPs, psychiatry and caseworkers call it from outside the cluster. */
  exposure: 'external',
  uses: ['authorizer', 'pseudonyms', 'audit', 'tokens'],
  upstreams: ['case-index', 'gp-listing', 'psychiatry', 'min-spaerring', 'fk-organisation'],
  permissionsChecked: [
    'child#can_lookup_cases',
    'child#can_lookup_cases_without_override',
    'case#can_view_case_contact',
    'case#can_view_case_contact_without_override',
  ],
  scaling: { minScale: 0, maxScale: 10, containerConcurrency: 50, timeoutSeconds: 15 },
  resources: { cpu: '250m', memory: '256Mi' },
  processing: {
    policies: ['POL-004', 'POL-008'],
    legalBasis: ['gdpr-6-1-e', 'gdpr-9-2-h', 'barnets-lov', 'sundhedsloven', 'dbl-11'],
    recipients: ['web-app'],
  },
});
