/**
 * `policies/sovereignty.yaml`, parsed and validated once: a bad field stops the
 * check naming the field, so a typo cannot silently switch a rule off.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';

const strings = z.array(z.string().min(1)).default([]);

const targetSchema = z
  .object({
    registries: strings,
    charts: strings,
    telemetryEndpoints: strings,
    allowPublicLoadBalancer: z.boolean().default(false),
    allowedVendorKeys: strings,
    allowedVendorKinds: strings,
  })
  .strict();

/** An operator kind or a chart that pulls a built-in image unless one of `anyOf` is set. */
const hiddenDefault = z
  .object({
    kind: z.string().min(1).optional(),
    /** The kind's API group; absent matches the kind in any group. */
    group: z.string().min(1).optional(),
    chart: z.string().min(1).optional(),
    anyOf: z.array(z.string().min(1)).min(1),
    pulls: z.string().min(1),
  })
  .strict()
  .refine((entry) => (entry.kind === undefined) !== (entry.chart === undefined), 'name either kind or chart');

const policySchema = z
  .object({
    version: z.literal(1),
    registries: z
      .object({
        images: strings,
        charts: strings,
        neverDeclarable: strings,
        hiddenDefaults: z.array(hiddenDefault).default([]),
      })
      .strict(),
    vendorSpecific: z
      .object({
        terraformProviders: z.array(z.string().min(1)).min(1),
        apiGroups: strings,
        kinds: strings,
        keys: strings,
        controllers: strings,
      })
      .strict(),
    telemetry: z
      .object({
        endpointEnvVars: strings,
        vendorEnvVars: strings,
        configMapKeys: strings,
        exporters: strings,
        internalHosts: strings,
      })
      .strict(),
    publicLoadBalancer: z
      .object({ annotations: z.array(z.object({ key: z.string().min(1), value: z.string() }).strict()) })
      .strict(),
    targets: z.record(
      z.string().min(1),
      targetSchema.nullable().transform((t) => t ?? targetSchema.parse({})),
    ),
  })
  .strict();

export type Policy = z.infer<typeof policySchema>;
export type TargetPolicy = z.infer<typeof targetSchema>;

/** Validates parsed policy data; throws naming the first bad field. */
export function parsePolicy(data: unknown, source = 'policy'): Policy {
  const result = policySchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new Error(`${source}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return result.data;
}

export async function loadPolicy(file: string): Promise<Policy> {
  return parsePolicy(parse(await readFile(file, 'utf8')), file);
}

/** A glob where `*` matches any run of characters (also `/`), matched against the whole value. */
export function globMatch(pattern: string, value: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(value);
}
