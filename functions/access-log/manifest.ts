import { defineFunction } from '../kit/define-function.ts';

/**
 * `access-log` as data (infra/ reads this file, never the function's code):
 * MinLog for the child's custody holders and the child itself from 15 (citizen
 * tokens), inspection for the auditor of its residence municipality, and each
 * organisation's auditor's inspection of its own staff's accesses. Its
 * variables follow from these.
 */
export const manifest = defineFunction({
  name: 'access-log',
  description:
    'Hvem har set mit barns oplysninger? Who looked at a child’s data, for its guardian and the auditor',
  version: '1.0.0',
  routes: [
    { method: 'POST', path: '/v1/access-log/search' },
    { method: 'POST', path: '/v1/access-log/inspection/search' },
  ],
  /** Citizens' portals and the municipality's auditors call it from outside the cluster. */
  exposure: 'external',
  uses: ['authorizer', 'pseudonyms', 'audit', 'tokens', 'citizen-tokens'],
  /** CPR: custody, age and residence; the case index: which cases name a custody holder as a party. */
  upstreams: ['cpr', 'case-index'],
  permissionsChecked: [
    'child#can_view_access_log',
    'municipality#can_inspect_access_log',
    'gp_clinic#can_inspect_access_log',
    'psychiatry_unit#can_inspect_access_log',
  ],
  scaling: { minScale: 0, maxScale: 5, containerConcurrency: 50, timeoutSeconds: 15 },
  resources: { cpu: '250m', memory: '256Mi' },
  processing: {
    policies: ['POL-007', 'POL-009'],
    legalBasis: ['gdpr-15', 'gdpr-6-1-c', 'dbl-11'],
    recipients: ['citizen-portal', 'auditor'],
  },
});
