import { defineFunction } from '../kit/define-function.ts';

/**
 * `school-lookup` as data (infra/ reads this file, never the function's code):
 * the child's school or daycare and whom to call there, for its GP or
 * psychiatrist (POL-005).
 */
export const manifest = defineFunction({
  name: 'school-lookup',
  description: 'The school or daycare of a child and its main contact, for the child’s GP or psychiatrist',
  version: '1.0.0',
  routes: [{ method: 'POST', path: '/v1/school-or-daycare/search' }],
  /** GPs and psychiatry call it from outside the cluster. */
  exposure: 'external',
  uses: ['authorizer', 'pseudonyms', 'audit', 'tokens'],
  upstreams: ['gp-listing', 'psychiatry', 'min-spaerring', 'cpr', 'institutions'],
  permissionsChecked: [
    'child#can_view_school',
    'child#can_view_school_without_override',
    // Only to tell a refusal as case-lookup would tell it (POL-005.5).
    'child#can_lookup_cases',
  ],
  scaling: { minScale: 0, maxScale: 10, containerConcurrency: 50, timeoutSeconds: 15 },
  resources: { cpu: '250m', memory: '256Mi' },
  processing: {
    policies: ['POL-005', 'POL-008'],
    legalBasis: ['gdpr-6-1-e', 'gdpr-9-2-h', 'sundhedsloven', 'dbl-11'],
    recipients: ['web-app'],
  },
});
