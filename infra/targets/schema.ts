import * as z from 'zod/mini';
import { MUNICIPALITIES } from '../../functions/runtime/reference/municipalities.ts';
import { cronExpression } from './cron.ts';
import { readRelevantCasesFile } from './relevant-cases-file.ts';
import { stateSchema } from './state.ts';

/**
 * What one deployment target may vary: everything else is the same code for every
 * target. Parsed once at synth; a bad value stops synth naming the target and the field
 * (`targets/self-hosted: municipalities[0].code must be three digits`).
 */
const dnsLabel = z
  .string()
  .check(z.regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'must be a DNS label (lower-case, digits, -)'));
const httpsUrl = z.string().check(z.regex(/^https:\/\/[^\s/]+(\/\S*)?$/, 'must be an https:// URL'));
const url = z.string().check(z.regex(/^https?:\/\/[^\s/]+(\/\S*)?$/, 'must be an http(s):// URL'));
const cidr = z
  .string()
  .check(
    z.regex(
      /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$|^[0-9a-fA-F:]+\/\d{1,3}$/,
      'must be a CIDR block (e.g. 10.0.0.0/24)',
    ),
  );
const port = z
  .number()
  .check(z.int('must be an integer'), z.gte(1, 'must be ≥ 1'), z.lte(65535, 'must be ≤ 65535'));
const positiveInt = z.number().check(z.int('must be an integer'), z.gte(1, 'must be ≥ 1'));
const nonNegativeInt = z.number().check(z.int('must be an integer'), z.gte(0, 'must be ≥ 0'));

/** The networks a municipality's upstream URLs are under (functions/kit/processing.ts `network`). */
export const UPSTREAM_NETWORKS = ['serviceplatformen', 'nsp', 'medcom', 'region', 'municipality'] as const;

/** The EU and EEA member states (ISO 3166-1 alpha-2): where the platform's data may be. */
export const EU_EEA = [
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IE',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
  'IS',
  'LI',
  'NO',
] as const;
const country = z.string().check(z.regex(/^[A-Z]{2}$/, 'must be an ISO 3166 country code (DK)'));

const pinnedImage = z.object({
  registry: z
    .string()
    .check(z.regex(/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)*$/, 'must be a registry host[/path]')),
  repository: z.string().check(z.regex(/^[a-z0-9._/-]+$/, 'must be a repository name')),
  version: z.string().check(z.regex(/^v?\d+\.\d+\.\d+$/, 'must be an exact version (1.2.3)')),
  digest: z.string().check(z.regex(/^sha256:[a-f0-9]{64}$/, 'must be sha256:<64 hex digits>')),
});

const imageRef = z
  .string()
  .check(
    z.regex(/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)+@sha256:[a-f0-9]{64}$/, 'must be an image pinned by digest'),
  );

/** A Helm chart from a named repository at a pinned version (never a range or `latest`). */
const chart = z.object({
  repository: z
    .string()
    .check(z.regex(/^(https:\/\/|oci:\/\/)\S+$/, 'must be an https:// or oci:// chart repository')),
  chart: z.string().check(z.minLength(1, 'must not be empty')),
  version: z.string().check(z.regex(/^v?\d+\.\d+\.\d+$/, 'must be an exact version (1.2.3), not a range')),
});

/**
 * One municipality the target serves: one entry, from which its hosts and TLS Secret, its
 * trust domain (AUTH_MUNICIPAL_ISSUERS), the organisation sync (AUTHZ_MUNICIPALITIES), its
 * name, its compliance record and the egress check follow (infra/targets/municipality.ts).
 */
const municipalityEntry = z.object({
  /** The municipality's three-digit code (kommunekode), e.g. `851` for Aalborg: a Danish municipality's. */
  code: z.string().check(z.regex(/^\d{3}$/, 'must be three digits')),
  /** @default its reference name (functions/runtime/reference/municipalities.ts); if given, it must be that */
  name: z.optional(z.string().check(z.minLength(1, 'must not be empty'))),
  domain: z.string().check(z.regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, 'must be a domain name')),
  /**
   * The OIDC issuers of the municipality's own identity provider(s): each vouches only
   * for the municipality's employees (the functions' AUTH_MUNICIPAL_ISSUERS); their keys
   * are found by OpenID discovery.
   */
  issuers: z.array(httpsUrl).check(z.minLength(1, 'must name at least one issuer')),
  /**
   * The Secret (type kubernetes.io/tls, in the platform namespace) with the certificate for
   * `*.<domain>`, which the municipality issues and rotates itself. @default `<code>-tls`
   */
  tlsSecret: z.optional(dnsLabel),
  /** Upstream base URLs by network (`serviceplatformen`, `nsp`, `medcom`, `region`, `municipality`). */
  upstreams: z.partialRecord(z.enum(UPSTREAM_NETWORKS, 'must be an upstream network'), url),
  /**
   * Its own relevant-case choices (POL-004.7), where they differ from the default: a file
   * under `policies/municipalities/` in the schema of `policies/relevant-cases.yaml`,
   * reviewed like every policy. @default policies/relevant-cases.yaml
   */
  relevantCases: z.optional(
    z
      .string()
      .check(
        z.regex(
          /^policies\/municipalities\/[a-z0-9-]+\.yaml$/,
          'must be a file policies/municipalities/<name>.yaml',
        ),
      ),
  ),
  /**
   * Where its KLE plan is given: a ConfigMap in the platform namespace whose key
   * `kle-emneplan.xml` holds the plan from its own KL subscription (KL's terms forbid
   * shipping one). Every KLE number of its choices must be in it, or none is applied.
   * @default none: its choices are not checked against a plan
   */
  klePlan: z.optional(z.object({ configMap: dnsLabel })),
});
const municipality = z.pipe(
  municipalityEntry.check(
    z.superRefine((m, ctx) => {
      const reference = MUNICIPALITIES.get(m.code);
      if (reference === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['code'],
          message: 'is not a Danish municipality code',
          input: m.code,
        });
      else if (m.name !== undefined && m.name !== reference)
        ctx.addIssue({
          code: 'custom',
          path: ['name'],
          message: `must be "${reference}" (the reference name of ${m.code}), or left out`,
          input: m.name,
        });
      if (m.relevantCases !== undefined)
        try {
          readRelevantCasesFile(m.relevantCases);
        } catch (error) {
          ctx.addIssue({
            code: 'custom',
            path: ['relevantCases'],
            message: (error as Error).message,
            input: m.relevantCases,
          });
        }
    }),
  ),
  z.transform((m) => ({ ...m, name: m.name ?? MUNICIPALITIES.get(m.code) ?? m.code })),
);

/** An endpoint the platform may reach: NetworkPolicies can only express it by CIDR + port. */
const egressEndpoint = z.object({
  name: dnsLabel,
  /** The host name it is known by (documentation; the policy is the CIDRs). */
  host: z.string().check(z.minLength(1, 'must not be empty')),
  cidrs: z.array(cidr).check(z.minLength(1, 'must list at least one CIDR')),
  ports: z.array(port).check(z.minLength(1, 'must list at least one port')),
  /** Where it answers. @default the hosting country */
  country: z.optional(country),
});

const telemetryExporter = z.object({
  name: dnsLabel,
  endpoint: httpsUrl,
  cidrs: z.array(cidr).check(z.minLength(1, 'must list at least one CIDR')),
  port,
  /** Where it keeps what it receives. @default the hosting country */
  country: z.optional(country),
  /** Who runs it: the party of its agreement in the compliance package. @default the platform operator */
  operator: z.optional(z.string().check(z.minLength(1, 'must not be empty'))),
});

const scalingOverride = z.object({
  minScale: z.optional(nonNegativeInt),
  maxScale: z.optional(positiveInt),
  containerConcurrency: z.optional(positiveInt),
});

/** Function env values never carry secrets: those are secret references in the manifest. */
const SECRET_LIKE = /(PASSWORD|TOKEN|SECRET|_KEY)$/;

export const targetSchema = z
  .object({
    name: dnsLabel,
    /**
     * Who runs the platform and where its cluster, volumes and backups are: the compliance
     * package's "where processed" and the processor agreement it implies.
     */
    hosting: z.object({
      /** The platform operator: a municipality running its own, or the region running it for several. */
      operator: z.string().check(z.minLength(1, 'must not be empty')),
      /** The data centre or cloud, when it is not the operator's own. */
      provider: z.optional(z.string().check(z.minLength(1, 'must not be empty'))),
      country,
    }),
    /** kubeconfig context to deploy to; the kubeconfig file itself comes from `KUBE_CONFIG_PATH`. */
    kubeContext: z.optional(z.string().check(z.minLength(1, 'must not be empty'))),
    /** Where OpenTofu/Terraform keep this target's state (infra/targets/state.ts). */
    state: z._default(stateSchema, { kind: 'local' }),
    namespaces: z.object({
      platform: dnsLabel,
      knativeOperator: dnsLabel,
      knativeServing: dnsLabel,
      knativeEventing: dnsLabel,
      cnpg: dnsLabel,
    }),
    /** The one image every function runs from, pinned by digest. */
    image: z.object({
      registry: z
        .string()
        .check(z.regex(/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)*$/, 'must be a registry host[/path]')),
      repository: z.string().check(z.regex(/^[a-z0-9._/-]+$/, 'must be a repository name')),
      digest: z.string().check(z.regex(/^sha256:[a-f0-9]{64}$/, 'must be sha256:<64 hex digits>')),
    }),
    /** The platform's other images, each pinned by digest; `version` is the release it is. */
    images: z.object({
      openfga: pinnedImage,
      otelCollector: pinnedImage,
      postgres: pinnedImage,
      cnpgOperator: pinnedImage,
    }),
    /**
     * Knative's own images by the operator's image name (`activator`, `queue-proxy`, …),
     * each a full reference pinned by digest: the operator's `spec.registry.override`.
     * Empty: the operator's built-in defaults (which the sovereignty check reports).
     */
    knativeImages: z._default(
      z.object({
        serving: z._default(z.record(z.string(), imageRef), {}),
        eventing: z._default(z.record(z.string(), imageRef), {}),
      }),
      { serving: {}, eventing: {} },
    ),
    /** The CloudNativePG clusters (audit log + correspondence, OpenFGA's datastore). */
    database: z._default(
      z.object({
        instances: z._default(positiveInt, 1),
        storage: z._default(
          z.string().check(z.regex(/^\d+(Mi|Gi|Ti)$/, 'must be a size such as 10Gi')),
          '10Gi',
        ),
        /** How long base backups and WAL are kept, in CloudNativePG's form (`30d`). */
        retention: z._default(z.string().check(z.regex(/^\d+[dwm]$/, 'must be like 30d, 4w or 6m')), '30d'),
      }),
      { instances: 1, storage: '10Gi', retention: '30d' },
    ),
    charts: z.object({
      knativeOperator: chart,
      cloudnativePg: chart,
      /** A chart that renders the values it is given as manifests (for the Knative CRs). */
      raw: chart,
    }),
    municipalities: z.array(municipality).check(z.minLength(1, 'must list at least one municipality')),
    /** The health side's identity provider (GPs, psychiatry): AUTH_HEALTH_*. */
    health: z.object({
      issuer: httpsUrl,
      /** @default the issuer's OpenID discovery document names it */
      jwksUrl: z.optional(httpsUrl),
    }),
    /** The audience every function accepts tokens for. @default 'hoi-platform' */
    tokenAudience: z._default(z.string().check(z.minLength(1, 'must not be empty')), 'hoi-platform'),
    egress: z.array(egressEndpoint),
    telemetry: z._default(z.array(telemetryExporter), []),
    publicLoadBalancer: z._default(z.boolean(), false),
    /** Deploy the synthetic upstreams (functions/sandbox) as a cluster-local Service: local only. */
    sandbox: z._default(z.boolean(), false),
    backup: z.object({
      endpointUrl: url,
      bucket: dnsLabel,
      path: z.string().check(z.regex(/^[a-z0-9._/-]*$/, 'must be a path of [a-z0-9._/-]')),
      /** Name of the Secret holding the S3 access key pair (never the keys themselves). */
      credentialsSecret: dnsLabel,
      /** Where the storage answers, for the database pods' egress policy. */
      cidrs: z.array(cidr).check(z.minLength(1, 'must list at least one CIDR')),
      port: z._default(port, 443),
      /** Where the backups are kept. @default the hosting country */
      country: z.optional(country),
    }),
    /** The Kubernetes API server, which CloudNativePG's instance manager must reach. */
    apiServer: z.object({
      cidrs: z.array(cidr).check(z.minLength(1, 'must list at least one CIDR')),
      port: z._default(port, 6443),
    }),
    /** Values for the env keys the functions' manifests declare (no secrets). */
    env: z.record(
      z.string().check(z.regex(/^[A-Z][A-Z0-9_]*$/, 'must be an UPPER_SNAKE env name')),
      z.string(),
    ),
    /** Per-function scaling that replaces the manifest's, by function name. */
    scaling: z._default(z.record(z.string(), scalingOverride), {}),
    /** The OpenFGA store the bootstrap Job finds or creates by this name. */
    openfgaStoreName: z._default(dnsLabel, 'hoi-platform'),
    /**
     * OpenFGA server replicas. Its checks bound the functions' throughput in production
     * (`npm run bench`), and it is stateless: scale it here.
     */
    openfgaReplicas: z._default(positiveInt, 2),
    /** Cron expressions (UTC) that replace a manifest's `schedules[].cron`: `{ 'authz-sync': { sync: '0 * * * *' } }`. */
    schedules: z._default(z.record(z.string(), z.record(z.string(), cronExpression)), {}),
  })
  .check(
    z.superRefine((target, ctx) => {
      for (const key of Object.keys(target.env)) {
        if (SECRET_LIKE.test(key)) {
          ctx.addIssue({
            code: 'custom',
            path: ['env', key],
            message: 'looks like a secret: declare it as a secret reference in the manifest',
            input: key,
          });
        }
        if (/:\/\/[^/@\s]+:[^/@\s]+@/.test(target.env[key]!)) {
          ctx.addIssue({
            code: 'custom',
            path: ['env', key],
            message: 'must not carry a password in its URL',
            input: key,
          });
        }
      }
      for (const [fn, override] of Object.entries(target.scaling)) {
        if (override.minScale !== undefined && override.maxScale !== undefined) {
          if (override.minScale > override.maxScale) {
            ctx.addIssue({
              code: 'custom',
              path: ['scaling', fn, 'minScale'],
              message: `must be ≤ scaling.${fn}.maxScale`,
              input: override.minScale,
            });
          }
        }
      }
      if (target.sandbox && target.egress.length > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['sandbox'],
          message: `must be false when egress lists real upstreams (${target.egress.map((e) => e.name).join(', ')})`,
          input: target.sandbox,
        });
      }
      // The NetworkPolicies let the functions reach only the egress CIDRs: an upstream URL of a
      // municipality whose host no egress entry names would be unreachable (and unchecked).
      if (!target.sandbox) {
        const hosts = new Set(target.egress.map((e) => e.host));
        target.municipalities.forEach((m, i) => {
          for (const [network, address] of Object.entries(m.upstreams)) {
            const host = new URL(address).hostname;
            if (!hosts.has(host))
              ctx.addIssue({
                code: 'custom',
                path: ['municipalities', i, 'upstreams', network],
                message: `host ${host} is in no egress entry (egress[].host): the functions could not reach it`,
                input: address,
              });
          }
        });
      }
      // A domain names each municipality's hosts (`<function>.<domain>`): two cannot share one.
      for (const field of ['code', 'domain'] as const) {
        const values = target.municipalities.map((m) => m[field]);
        values.forEach((value, i) => {
          if (values.indexOf(value) !== i) {
            ctx.addIssue({
              code: 'custom',
              path: ['municipalities', i, field],
              message: 'must be unique',
              input: value,
            });
          }
        });
      }
    }),
  );

export type TargetInput = z.input<typeof targetSchema>;
export type Target = z.output<typeof targetSchema>;

/** `municipalities[0].code`: the path as a reader writes it. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`))
    .join('');
}

export class TargetError extends Error {
  override readonly name = 'TargetError';
}

/** Parses a target's data; throws one error listing every bad field of that target. */
export function parseTarget(file: string, input: unknown): Target {
  const result = z.safeParse(targetSchema, input);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const path = fieldPath(issue.path);
    const message =
      issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
    return `targets/${file}: ${path || '(target)'} ${message}`;
  });
  throw new TargetError(lines.join('\n'));
}
