import type { Target } from '../targets/schema.ts';
import type { FunctionManifest } from './function-manifest.ts';
import { tlsSecretName } from './ingress.ts';
import { OPENFGA_DB } from './postgres.ts';

/** One key of a Secret and the Terraform variable (`TF_VAR_<variable>`) its value comes from. */
export interface SecretKey {
  readonly key: string;
  readonly variable: string;
  readonly description: string;
  /** Shortest value accepted at plan time; absent where a length says nothing (an access key id). */
  readonly minLength?: number;
}

/** A Secret the platform stack creates; values never appear in the synthesized JSON. */
export interface SecretSpec {
  readonly name: string;
  readonly purpose: string;
  /** Who reads it: functions by name, platform parts by their object name. */
  readonly usedBy: readonly string[];
  /** `kubernetes.io/basic-auth` where CloudNativePG requires that type. */
  readonly type?: string;
  /** Keys whose value is not a secret (the database user's name). */
  readonly fixed?: Readonly<Record<string, string>>;
  readonly keys: readonly SecretKey[];
}

/** The audit database's application user: `initdb.owner` of its Cluster, so its Secret's username. */
export const AUDIT_DB_USER = 'app';

/**
 * Every Secret the platform refers to by name, what it holds and who uses it. The
 * platform stack creates each from sensitive Terraform variables; a test fails when a
 * manifest or construct refers to a Secret that is neither here nor operator-generated.
 */
export function secretCatalogue(target: Target): SecretSpec[] {
  return [
    {
      name: 'openfga-preshared-key',
      purpose: "OpenFGA's pre-shared key: the server accepts it, clients send it as FGA_API_TOKEN",
      usedBy: [
        'openfga',
        'case-lookup',
        'access-log',
        'authz-sync',
        'openfga-bootstrap',
        'school-lookup',
        'appointments',
        'correspondence',
      ],
      keys: [
        {
          key: 'token',
          variable: 'openfga_preshared_key',
          description: 'OpenFGA pre-shared key (at least 32 random characters)',
          minLength: 32,
        },
      ],
    },
    {
      name: 'child-pseudonym-key',
      purpose: "The key of children's pseudonyms (PSEUDONYM_KEY): 32 bytes or more, hex or base64",
      usedBy: ['case-lookup', 'access-log', 'school-lookup', 'appointments', 'correspondence', 'portal'],
      keys: [
        {
          key: 'key',
          variable: 'child_pseudonym_key',
          description: 'Pseudonym key, at least 32 bytes as hex (64 characters) or base64 (44)',
          minLength: 44,
        },
      ],
    },
    {
      name: 'audit-database',
      purpose: "The audit database's application user: CloudNativePG's initdb secret, DATABASE_PASSWORD",
      usedBy: [
        'audit-db',
        'case-lookup',
        'access-log',
        'school-lookup',
        'appointments',
        'correspondence',
        'audit-checkpoint',
      ],
      type: 'kubernetes.io/basic-auth',
      fixed: { username: AUDIT_DB_USER },
      keys: [
        {
          key: 'password',
          variable: 'audit_database_password',
          description: "Password of the audit database's application user (at least 24 characters)",
          minLength: 24,
        },
      ],
    },
    {
      name: 'audit-checkpoint-key',
      purpose:
        "The audit checkpoints' Ed25519 signing key (AUDIT_CHECKPOINT_KEY): a 32-byte seed, hex or base64",
      usedBy: ['audit-checkpoint'],
      keys: [
        {
          key: 'key',
          variable: 'audit_checkpoint_key',
          description: 'Audit checkpoint signing key: 32 random bytes as base64 (44 characters) or hex (64)',
          minLength: 44,
        },
      ],
    },
    {
      name: 'authz-sync-token',
      purpose: "authz-sync's bearer token (SYNC_TOKEN), sent by its schedule",
      usedBy: ['authz-sync', 'authz-sync-sync'],
      keys: [
        {
          key: 'token',
          variable: 'authz_sync_token',
          description: 'Bearer token of POST /v1/sync on authz-sync (at least 32 characters)',
          minLength: 32,
        },
      ],
    },
    {
      name: 'portal-session-key',
      purpose: "The portal's session key (PORTAL_SESSION_KEY): seals its session and launch cookies",
      usedBy: ['portal'],
      keys: [
        {
          key: 'key',
          variable: 'portal_session_key',
          description: 'Portal session key, at least 32 random bytes as hex (64 characters) or base64 (44)',
          minLength: 44,
        },
      ],
    },
    {
      name: 'correspondence-gateway-token',
      purpose:
        "The message gateway's credential on correspondence (GATEWAY_TOKEN): how MSH/VANS hands messages over",
      usedBy: ['correspondence'],
      keys: [
        {
          key: 'token',
          variable: 'correspondence_gateway_token',
          description: 'Bearer token of POST /gateway/v1/messages on correspondence (at least 32 characters)',
          minLength: 32,
        },
      ],
    },
    {
      name: 'correspondence-outbox-token',
      purpose: "correspondence's outbox token (OUTBOX_TOKEN), sent by its schedule",
      usedBy: ['correspondence', 'correspondence-outbox', 'correspondence-retention'],
      keys: [
        {
          key: 'token',
          variable: 'correspondence_outbox_token',
          description: 'Bearer token of POST /jobs/v1/outbox/run on correspondence (at least 32 characters)',
          minLength: 32,
        },
      ],
    },
    {
      name: target.backup.credentialsSecret,
      purpose: "S3 access key pair of the databases' backups (target.backup.credentialsSecret)",
      usedBy: ['audit-db', OPENFGA_DB],
      keys: [
        {
          key: 'ACCESS_KEY_ID',
          variable: 'backup_s3_access_key_id',
          description: 'Access key id of the backup storage',
        },
        {
          key: 'ACCESS_SECRET_KEY',
          variable: 'backup_s3_secret_access_key',
          description: 'Secret access key of the backup storage (at least 16 characters)',
          minLength: 16,
        },
      ],
    },
  ];
}

/**
 * Secrets an operator the stack installs writes itself: CloudNativePG's `<cluster>-app`
 * for a Cluster without an initdb secret (OpenFGA's datastore URI).
 */
export const OPERATOR_GENERATED_SECRETS: readonly string[] = [`${OPENFGA_DB}-app`];

/**
 * Secrets each municipality provides and rotates itself, never Terraform: the TLS
 * certificate of its domain (`kubernetes.io/tls`), when any function is exposed.
 */
export function municipalitySecrets(target: Target, functions: readonly FunctionManifest[]): string[] {
  if (!functions.some((fn) => fn.exposure === 'external')) return [];
  return target.municipalities.map(tlsSecretName);
}
