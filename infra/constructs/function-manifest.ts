import * as z from 'zod/mini';
import { cronExpression } from '../targets/cron.ts';
import { fieldPath } from '../targets/schema.ts';

/**
 * The part of a `functions/<name>/manifest.ts` that infrastructure reads. A new
 * function gets its Knative Service from this data alone: no infra code changes.
 */
const quantity = z.string().check(z.regex(/^\d+(\.\d+)?(m|Ki|Mi|Gi)?$/, 'must be a Kubernetes quantity'));
const envName = z.string().check(z.regex(/^[A-Z][A-Z0-9_]*$/, 'must be an UPPER_SNAKE env name'));
const dnsLabel = z
  .string()
  .check(z.regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'must be a DNS label (lower-case, digits, -)'));

const eventType = z.string().check(z.regex(/^[a-z0-9]+(\.[a-z0-9-]+)+$/, 'must be a dotted CloudEvent type'));
const path = z.string().check(z.regex(/^\/[\w\-./]*$/, 'must be an absolute path'));

const names = z._default(z.array(z.string().check(z.minLength(1))), []);
const nonEmptyNames = z
  .array(z.string().check(z.minLength(1)))
  .check(z.minLength(1, 'must name at least one'));

/**
 * What the function processes (functions/kit/processing.ts): read by the compliance package,
 * which checks every key against the catalogues. Absent only on manifests that are not
 * defineFunction's (fixtures); the package refuses such a function.
 */
const processing = z.union([
  z.object({ none: z.string().check(z.minLength(1, 'must say why no personal data is processed')) }),
  z.object({
    policies: nonEmptyNames,
    legalBasis: nonEmptyNames,
    recipients: nonEmptyNames,
    categories: names,
    stores: names,
  }),
]);

export const functionManifestSchema = z
  .object({
    name: dnsLabel,
    description: z._default(z.string(), ''),
    /** The kit parts and upstreams it uses, as defineFunction lists them. */
    uses: names,
    upstreams: names,
    /** The `can_*` relations it checks. */
    permissionsChecked: names,
    processing: z.optional(processing),
    scaling: z.object({
      minScale: z.number().check(z.int('must be an integer'), z.gte(0, 'must be ≥ 0')),
      maxScale: z.number().check(z.int('must be an integer'), z.gte(1, 'must be ≥ 1')),
      containerConcurrency: z.number().check(z.int('must be an integer'), z.gte(1, 'must be ≥ 1')),
      timeoutSeconds: z.number().check(z.int('must be an integer'), z.gte(1, 'must be ≥ 1')),
    }),
    resources: z.object({ cpu: quantity, memory: quantity }),
    env: z.array(envName),
    secrets: z.array(z.object({ env: envName, secret: dnsLabel, key: z.string().check(z.minLength(1)) })),
    /**
     * Who may call it: `external` functions get a DomainMapping per municipality domain
     * (constructs/ingress.ts); `cluster-local` ones are reached only inside the cluster.
     */
    exposure: z._default(
      z.enum(['external', 'cluster-local'], 'must be external or cluster-local'),
      'cluster-local',
    ),
    /** Synthetic upstreams: deployed only to a target with `sandbox: true`, never beside real ones. */
    sandbox: z._default(z.boolean(), false),
    /** CloudEvent types the function sends to the platform's Broker (a SinkBinding gives it `K_SINK`). */
    emits: z._default(z.array(eventType), []),
    /** CloudEvent types the function receives from the platform's Broker, and where. */
    triggers: z._default(z.array(z.object({ type: eventType, path: z.optional(path) })), []),
    /** A cron schedule (five fields, UTC) on which Knative pings the function. */
    schedule: z.optional(
      z.object({
        cron: z.string().check(z.regex(/^(\S+\s+){4}\S+$/, 'must be a five-field cron expression')),
        path: z.optional(path),
      }),
    ),
    /**
     * Calls of the function's own routes on a schedule, by a CronJob that sends a
     * bearer token from a Secret (what a PingSource cannot). `cron` is the default
     * a target may replace (`schedules.<function>.<name>`).
     */
    schedules: z._default(
      z.array(
        z.object({
          name: dnsLabel,
          cron: cronExpression,
          path,
          method: z._default(z.enum(['POST', 'PUT', 'GET']), 'POST'),
          tokenSecret: z.object({ secret: dnsLabel, key: z.string().check(z.minLength(1)) }),
        }),
      ),
      [],
    ),
  })
  .check(
    z.superRefine((manifest, ctx) => {
      if (manifest.scaling.minScale > manifest.scaling.maxScale) {
        ctx.addIssue({
          code: 'custom',
          path: ['scaling', 'minScale'],
          message: 'must be ≤ scaling.maxScale',
          input: manifest.scaling.minScale,
        });
      }
      if (manifest.sandbox && manifest.exposure !== 'cluster-local') {
        ctx.addIssue({
          code: 'custom',
          path: ['exposure'],
          message: 'must be cluster-local for a sandbox: synthetic upstreams never face callers outside',
          input: manifest.exposure,
        });
      }
      manifest.secrets.forEach((ref, i) => {
        if (manifest.env.includes(ref.env)) {
          ctx.addIssue({
            code: 'custom',
            path: ['secrets', i, 'env'],
            message: `${ref.env} is also in env: a variable is either plain or a secret reference`,
            input: ref.env,
          });
        }
      });
    }),
  );

export type FunctionManifest = z.output<typeof functionManifestSchema>;

export class ManifestError extends Error {
  override readonly name = 'ManifestError';
}

/** Parses a manifest's data (other fields, such as routes, are the function's own). */
export function parseManifest(file: string, input: unknown): FunctionManifest {
  const result = z.safeParse(functionManifestSchema, input);
  if (result.success) return result.data;
  throw new ManifestError(
    result.error.issues
      .map((issue) => `${file}: ${fieldPath(issue.path) || '(manifest)'} ${issue.message}`)
      .join('\n'),
  );
}
