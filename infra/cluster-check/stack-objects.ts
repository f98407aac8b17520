import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubernetesObject } from '../constructs/knative-service.ts';

/** One Kubernetes object of a synthesized stack, in the API's form, named by its Terraform address. */
export interface StackObject {
  readonly stack: string;
  readonly address: string;
  readonly object: KubernetesObject;
}

/** What a stack hands to a cluster that no object here stands for: charts rendered by Helm. */
export interface StackObjects {
  readonly objects: StackObject[];
  readonly charts: string[];
}

type Resource = Record<string, unknown>;

/**
 * Every Kubernetes object a synthesized stack (`cdk.tf.json`) creates: `kubernetes_manifest`
 * objects as written, the typed resources converted to what the provider sends the API, and
 * the objects handed to the `raw` chart (its `resources` value). Other charts are listed
 * in `charts`: their templates are not rendered here. A resource type this does not know
 * throws, so a new kind of resource cannot pass unchecked.
 */
export function stackObjects(stack: string, json: { resource?: Record<string, Record<string, Resource>> }) {
  const objects: StackObject[] = [];
  const charts: string[] = [];
  for (const [type, resources] of Object.entries(json.resource ?? {})) {
    for (const [name, written] of Object.entries(resources)) {
      const resource = placeholders(written);
      const address = `${type}.${name}`;
      const add = (object: KubernetesObject) =>
        objects.push({ stack, address, object: placeholders(object) });
      if (type === 'kubernetes_manifest') add(resource.manifest as KubernetesObject);
      else if (type in TYPED) add(TYPED[type]!(resource, address));
      else if (type === 'helm_release' && resource.chart === 'raw') rawChartObjects(resource).forEach(add);
      else if (type === 'helm_release') charts.push(`${address} (${resource.chart} ${resource.version})`);
      else throw new Error(`${stack}: ${address}: no conversion to a Kubernetes object for ${type}`);
    }
  }
  return { objects, charts } satisfies StackObjects;
}

/** Every stack under a synth output directory (`<outdir>/stacks/<name>/cdk.tf.json`). */
export function synthesizedStacks(outdir: string): Map<string, StackObjects> {
  const stacks = new Map<string, StackObjects>();
  for (const name of readdirSync(join(outdir, 'stacks')).sort()) {
    const json = JSON.parse(readFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'));
    stacks.set(name, stackObjects(name, json));
  }
  return stacks;
}

function rawChartObjects(release: Resource): KubernetesObject[] {
  const values = (release.values as string[] | undefined) ?? [];
  return values.flatMap((v) => (JSON.parse(v) as { resources?: KubernetesObject[] }).resources ?? []);
}

/** The provider's metadata block, snake_case as Terraform writes it, in the API's camelCase. */
const METADATA_FIELDS: Record<string, string> = {
  name: 'name',
  namespace: 'namespace',
  labels: 'labels',
  annotations: 'annotations',
  generate_name: 'generateName',
};

function metadata(block: unknown, address: string, namespaced: boolean) {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries((block ?? {}) as Record<string, unknown>)) {
    const field = METADATA_FIELDS[key];
    if (!field || (field === 'namespace' && !namespaced))
      throw new Error(`${address}: metadata.${key} not converted`);
    out[field] = value;
  }
  return out as KubernetesObject['metadata'];
}

/** Attributes that steer the provider and never reach the API. */
const PROVIDER_ONLY = new Set(['//', 'depends_on', 'lifecycle', 'provider', 'timeouts', 'count', 'for_each']);

function only(resource: Resource, address: string, allowed: readonly string[]) {
  for (const key of Object.keys(resource)) {
    if (!PROVIDER_ONLY.has(key) && !allowed.includes(key))
      throw new Error(`${address}: ${key} not converted`);
  }
}

const base64 = (value: string) => Buffer.from(value, 'utf8').toString('base64');

/** The typed resources the stacks use, converted as the provider does before it calls the API. */
const TYPED: Record<string, (resource: Resource, address: string) => KubernetesObject> = {
  kubernetes_namespace_v1: (r, address) => {
    only(r, address, ['metadata', 'wait_for_default_service_account']);
    return { apiVersion: 'v1', kind: 'Namespace', metadata: metadata(r.metadata, address, false) };
  },
  kubernetes_secret_v1: (r, address) => {
    only(r, address, [
      'metadata',
      'data',
      'binary_data',
      'type',
      'immutable',
      'wait_for_service_account_token',
    ]);
    // The provider takes `data` as plain text and base64-encodes it; `binary_data` is base64 already.
    const data = Object.fromEntries(
      Object.entries((r.data ?? {}) as Record<string, string>).map(([k, v]) => [k, base64(v)]),
    );
    return {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: metadata(r.metadata, address, true),
      data: { ...data, ...((r.binary_data ?? {}) as Record<string, string>) },
      ...(r.type === undefined ? {} : { type: r.type }),
      ...(r.immutable === undefined ? {} : { immutable: r.immutable }),
    };
  },
};

/** Terraform expressions (`${var.x}`) stand for values known only at apply: a placeholder of the same type. */
function placeholders<T>(value: T): T {
  if (typeof value === 'string') {
    return (value.includes('${') ? value.replace(/\$\{[^}]*\}/g, 'terraform-value') : value) as T;
  }
  if (Array.isArray(value)) return value.map(placeholders) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, placeholders(v)])) as T;
  }
  return value;
}
