/**
 * What a function declares about itself, as data: infra reads it (through the
 * function's `manifest.ts`, which imports only this file), and the kit builds
 * the parts it names from the environment. The configuration keys follow from
 * the parts and upstreams declared, so they are written once, here.
 */

import { type NoProcessing, type Processing, UPSTREAM_FACTS, type UpstreamFacts } from './processing.ts';

/** The upstream contracts (functions/contracts/CONTRACTS.md) by name, with the variable of each one's base URL. */
export const UPSTREAM_URL_VARIABLES = {
  'case-index': 'CASE_INDEX_URL',
  'gp-listing': 'GP_LISTING_URL',
  psychiatry: 'PSYCHIATRY_URL',
  'min-spaerring': 'MIN_SPAERRING_URL',
  'fk-organisation': 'FK_ORGANISATION_URL',
  sor: 'SOR_URL',
  'kle-plan': 'KLE_PLAN_URL',
  cpr: 'CPR_URL',
  institutions: 'INSTITUTIONS_URL',
  appointments: 'APPOINTMENTS_URL',
  'message-gateway': 'MESSAGE_GATEWAY_URL',
  'case-filing': 'CASE_FILING_URL',
} as const;
export type UpstreamName = keyof typeof UPSTREAM_URL_VARIABLES;

/** What each upstream carries and under which agreement: an upstream without its facts fails the typecheck. */
export const UPSTREAM_DATA: Readonly<Record<UpstreamName, UpstreamFacts>> = UPSTREAM_FACTS;

export interface SecretRef {
  readonly env: string;
  readonly secret: string;
  readonly key: string;
}

/**
 * The shared parts a function may ask the kit for. Each brings its variables and
 * secret references; `authorizer` also brings the organisation upstreams the
 * embedded evaluator loads at start.
 */
export const KIT_PARTS = {
  /** Bearer tokens of the municipal and health trust domains. */
  tokens: {
    env: [
      'AUTH_MUNICIPAL_ISSUERS',
      'AUTH_MUNICIPAL_AUDIENCE',
      'AUTH_HEALTH_ISSUER',
      'AUTH_HEALTH_AUDIENCE',
      'AUTH_HEALTH_JWKS_URL',
    ],
    secrets: [],
    upstreams: [],
  },
  /**
   * Bearer tokens of the citizen trust domain (MitID) too, beside `tokens`: the
   * CPR number a verified token carries becomes `citizen:<keyed pseudonym>`
   * (needs `pseudonyms`). A function without it never trusts a citizen token.
   */
  'citizen-tokens': {
    env: ['AUTH_CITIZEN_ISSUER', 'AUTH_CITIZEN_AUDIENCE', 'AUTH_CITIZEN_JWKS_URL', 'AUTH_CITIZEN_CPR_CLAIM'],
    secrets: [],
    upstreams: [],
  },
  /** OpenFGA (or the embedded evaluator) behind the POL-001 guard. */
  authorizer: {
    env: [
      'AUTHZ_MODE',
      'FGA_API_URL',
      'FGA_STORE_ID',
      'FGA_MODEL_ID',
      'FGA_TIMEOUT_MS',
      'AUTHZ_REPLICA',
      'AUTHZ_REPLICA_POLL_MS',
      'AUTHZ_REPLICA_MAX_STALENESS_MS',
      'AUTHZ_REPLICA_MAX_TUPLES',
    ],
    secrets: [{ env: 'FGA_API_TOKEN', secret: 'openfga-preshared-key', key: 'token' }],
    upstreams: ['fk-organisation', 'sor'],
  },
  /** The hash-chained audit log on the platform database. */
  audit: {
    env: ['DATABASE_URL'],
    secrets: [{ env: 'DATABASE_PASSWORD', secret: 'audit-database', key: 'password' }],
    upstreams: [],
  },
  /** The key of the child's keyed pseudonym. */
  pseudonyms: {
    env: [],
    secrets: [{ env: 'PSEUDONYM_KEY', secret: 'child-pseudonym-key', key: 'key' }],
    upstreams: [],
  },
} as const satisfies Record<
  string,
  { env: readonly string[]; secrets: readonly SecretRef[]; upstreams: readonly UpstreamName[] }
>;
export type KitPart = keyof typeof KIT_PARTS;

/** Every function may send telemetry (off unless the endpoint is set), its traces sampled as the target says. */
const ALWAYS = ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_TRACES_SAMPLER', 'OTEL_TRACES_SAMPLER_ARG'] as const;
const UPSTREAM_SETTINGS = ['UPSTREAM_BASE_URL', 'UPSTREAM_TIMEOUT_MS'] as const;

export interface FunctionDeclaration {
  /** The function's folder name and its Knative Service's name. */
  readonly name: string;
  readonly description: string;
  /** Of its HTTP contract, as `/openapi.json` shows it. @default '1.0.0' */
  readonly version?: string;
  readonly routes?: readonly { readonly method: string; readonly path: string }[];
  readonly exposure: 'external' | 'cluster-local';
  /** The kit parts it uses. @default [] */
  readonly uses?: readonly KitPart[];
  /** The upstreams it pulls facts from itself (the parts' own come on top). @default [] */
  readonly upstreams?: readonly UpstreamName[];
  /** The `can_*` relations it checks, as `type#relation`. @default [] */
  readonly permissionsChecked?: readonly string[];
  readonly scaling: {
    readonly minScale: number;
    readonly maxScale: number;
    readonly containerConcurrency: number;
    readonly timeoutSeconds: number;
  };
  readonly resources: { readonly cpu: string; readonly memory: string };
  /** Its own variables, beside those of its parts and upstreams. @default [] */
  readonly settings?: readonly string[];
  /** Its own secret references. @default [] */
  readonly secrets?: readonly SecretRef[];
  readonly schedules?: readonly {
    readonly name: string;
    readonly cron: string;
    readonly path: string;
    readonly method: 'POST' | 'PUT' | 'GET';
    readonly tokenSecret: { readonly secret: string; readonly key: string };
  }[];
  /**
   * The CloudEvent types it sends to the platform's Broker at `K_SINK`
   * (Knative's SinkBinding sets it; the local platform delivers in process). @default []
   */
  readonly emits?: readonly string[];
  /** The CloudEvent types it receives from the Broker, and at which path. @default [] */
  readonly triggers?: readonly { readonly type: string; readonly path?: string }[];
  /** Synthetic upstreams: deployed only to a target that asks for them. @default false */
  readonly sandbox?: boolean;
  /**
   * What it processes and why (functions/kit/processing.ts): its record in the compliance
   * package (`npm run compliance`). `{ none }` only for a function that touches no personal data.
   */
  readonly processing: Processing | NoProcessing;
}

/** A declaration with the variables and secrets that follow from it: what infra and the kit read. */
export interface FunctionManifest extends FunctionDeclaration {
  readonly version: string;
  readonly routes: readonly { readonly method: string; readonly path: string }[];
  readonly uses: readonly KitPart[];
  /** The upstreams the kit builds clients for: the function's own and its parts'. */
  readonly upstreams: readonly UpstreamName[];
  readonly permissionsChecked: readonly string[];
  readonly env: readonly string[];
  readonly secrets: readonly SecretRef[];
}

/** The one definition call of a function's manifest. */
export function defineFunction(declaration: FunctionDeclaration): FunctionManifest {
  const uses = declaration.uses ?? [];
  const parts: readonly {
    env: readonly string[];
    secrets: readonly SecretRef[];
    upstreams: readonly UpstreamName[];
  }[] = uses.map((part) => KIT_PARTS[part]);
  const upstreams = unique([...(declaration.upstreams ?? []), ...parts.flatMap((p) => p.upstreams)]);
  const env = unique([
    ...parts.flatMap((p) => p.env),
    ...(upstreams.length > 0
      ? [...UPSTREAM_SETTINGS, ...upstreams.map((u) => UPSTREAM_URL_VARIABLES[u])]
      : []),
    ...(declaration.settings ?? []),
    ...ALWAYS,
  ]);
  return {
    ...declaration,
    version: declaration.version ?? '1.0.0',
    routes: declaration.routes ?? [],
    uses,
    upstreams,
    permissionsChecked: declaration.permissionsChecked ?? [],
    env,
    secrets: [...parts.flatMap((p) => p.secrets), ...(declaration.secrets ?? [])],
  };
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
