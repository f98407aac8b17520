import { defineFunction } from '../kit/define-function.ts';

/**
 * `correspondence` as data: MedCom CareCommunication between the
 * municipality, GPs and child psychiatry — sent and read by professionals with
 * a bearer token, handed over by the message gateway (MSH/VANS) with its own
 * credential, and delivered and filed by the outbox the schedule runs. The
 * database is the kit's one (the audit part brings it).
 */
export const manifest = defineFunction({
  name: 'correspondence',
  description: 'MedCom correspondence (CareCommunication): send, receive, acknowledge and file on the case',
  version: '1.0.0',
  routes: [
    { method: 'POST', path: '/v1/messages' },
    { method: 'POST', path: '/v1/threads/search' },
    { method: 'POST', path: '/v1/inbox/list' },
    { method: 'POST', path: '/v1/messages/status' },
    { method: 'POST', path: '/gateway/v1/messages' },
    { method: 'POST', path: '/jobs/v1/outbox/run' },
    { method: 'POST', path: '/jobs/v1/retention/purge' },
  ],
  /** Professionals and the message gateway call it from outside the cluster. */
  exposure: 'external',
  uses: ['authorizer', 'pseudonyms', 'audit', 'tokens'],
  upstreams: [
    'case-index',
    'gp-listing',
    'psychiatry',
    'min-spaerring',
    'sor',
    'message-gateway',
    'case-filing',
  ],
  permissionsChecked: [
    'child#can_send_correspondence',
    'child#can_send_correspondence_without_override',
    'child#can_read_correspondence',
    'child#can_read_correspondence_without_override',
  ],
  /** CloudEvents to the platform Broker (app.ts EVENT_TYPE): ids and states only (POL-006.18). */
  emits: [
    'dk.hoi.correspondence.received',
    'dk.hoi.correspondence.sent',
    'dk.hoi.correspondence.acknowledged',
    'dk.hoi.correspondence.filed',
    'dk.hoi.correspondence.failed',
  ],
  scaling: { minScale: 0, maxScale: 5, containerConcurrency: 50, timeoutSeconds: 30 },
  resources: { cpu: '250m', memory: '256Mi' },
  processing: {
    policies: ['POL-006', 'POL-008'],
    legalBasis: ['gdpr-6-1-e', 'gdpr-9-2-h', 'barnets-lov', 'sundhedsloven', 'dbl-11'],
    recipients: ['sapa', 'web-app', 'medcom-peers'],
    stores: ['correspondence-content', 'correspondence-status'],
  },
  settings: [
    'CORRESPONDENCE_MAX_ATTEMPTS',
    'CORRESPONDENCE_RETRY_BASE_MS',
    'CORRESPONDENCE_DELIVER_AFTER_SEND',
    'CORRESPONDENCE_LEASE_MS',
    'CORRESPONDENCE_RETENTION_DAYS',
    'CORRESPONDENCE_RECORD_RETENTION_DAYS',
  ],
  secrets: [
    { env: 'GATEWAY_TOKEN', secret: 'correspondence-gateway-token', key: 'token' },
    { env: 'OUTBOX_TOKEN', secret: 'correspondence-outbox-token', key: 'token' },
  ],
  schedules: [
    {
      name: 'outbox',
      cron: '* * * * *',
      path: '/jobs/v1/outbox/run',
      method: 'POST',
      tokenSecret: { secret: 'correspondence-outbox-token', key: 'token' },
    },
    {
      name: 'retention',
      cron: '17 3 * * *',
      path: '/jobs/v1/retention/purge',
      method: 'POST',
      tokenSecret: { secret: 'correspondence-outbox-token', key: 'token' },
    },
  ],
});
