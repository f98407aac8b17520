/**
 * One synthesized stack (`infra/cdktf.out/stacks/<stack>/cdk.tf.json`) read as
 * what the rules look at: Kubernetes objects, Helm releases, Terraform
 * providers and the target the stack declares (`hoi_target`).
 */
import { parse } from 'yaml';
import { z } from 'zod';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A Kubernetes object, or a Helm release's values seen as one (kind `HelmValues`). */
export interface K8sObject {
  /** Terraform address it came from, e.g. `kubernetes_manifest.case-lookup`. */
  readonly address: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  /** The object itself; typed resources' snake_case keys turned camelCase. */
  readonly body: JsonObject;
}

export interface HelmRelease {
  readonly address: string;
  readonly name: string;
  readonly repository: string;
  readonly chart: string;
  readonly version: string;
}

/** What the target config may declare in the output: addresses, never permissions. */
const declaredSchema = z.object({
  name: z.string().min(1).optional(),
  registries: z.array(z.string().min(1)).default([]),
  charts: z.array(z.string().min(1)).default([]),
  telemetryEndpoints: z.array(z.string().min(1)).default([]),
});
export type DeclaredTarget = z.infer<typeof declaredSchema>;

export interface Stack {
  readonly name: string;
  readonly objects: readonly K8sObject[];
  readonly releases: readonly HelmRelease[];
  /** Every Terraform provider a block, resource or data source names, with where. */
  readonly providers: readonly { readonly address: string; readonly provider: string }[];
  readonly declared: DeclaredTarget | undefined;
}

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A block the Kubernetes provider may write as an object or as a one-element list. */
export const one = (value: Json | undefined): JsonObject | undefined =>
  Array.isArray(value) ? (value.find(isObject) ?? undefined) : isObject(value) ? value : undefined;

const str = (value: Json | undefined): string => (typeof value === 'string' ? value : '');

export function readStack(name: string, json: unknown): Stack {
  if (!isObject(json)) throw new Error(`stack ${name}: cdk.tf.json is not a JSON object`);
  const objects: K8sObject[] = [];
  const releases: HelmRelease[] = [];
  const providers: { address: string; provider: string }[] = [];
  for (const key of Object.keys(one(json.provider) ?? {}))
    providers.push({ address: `provider.${key}`, provider: key });
  const required = one(one(json.terraform)?.required_providers);
  for (const key of Object.keys(required ?? {})) {
    providers.push({ address: `terraform.required_providers.${key}`, provider: key });
  }
  for (const section of ['resource', 'data'] as const) {
    for (const [type, instances] of Object.entries(one(json[section]) ?? {})) {
      providers.push({ address: `${section}.${type}`, provider: type.split('_')[0]! });
      if (section !== 'resource' || !isObject(instances)) continue;
      for (const [id, resource] of Object.entries(instances)) {
        if (!isObject(resource)) continue;
        const address = `${type}.${id}`;
        if (type === 'kubernetes_manifest') {
          const manifest = one(resource.manifest);
          if (manifest) objects.push(fromManifest(address, manifest));
        } else if (type.startsWith('kubernetes_')) {
          objects.push(fromTyped(address, type, resource));
        } else if (type === 'helm_release') {
          releases.push(releaseOf(address, resource));
          const values = helmValues(address, resource);
          objects.push({ ...values, body: lift(values.body, address, '', objects) as JsonObject });
        }
      }
    }
  }
  return { name, objects, releases, providers, declared: declaredTarget(name, json) };
}

function fromManifest(address: string, manifest: JsonObject): K8sObject {
  const metadata = one(manifest.metadata);
  return {
    address,
    apiVersion: str(manifest.apiVersion),
    kind: str(manifest.kind),
    name: str(metadata?.name),
    namespace: str(metadata?.namespace),
    body: manifest,
  };
}

/** `kubernetes_network_policy_v1` → `NetworkPolicy`; keys `ip_block` → `ipBlock`. */
function fromTyped(address: string, type: string, resource: JsonObject): K8sObject {
  const kind = type
    .replace(/^kubernetes_/, '')
    .replace(/_v\d+((alpha|beta)\d+)?$/, '')
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
  const body = camelKeys(resource) as JsonObject;
  const metadata = one(body.metadata);
  return {
    address,
    apiVersion: '',
    kind,
    name: str(metadata?.name),
    namespace: str(metadata?.namespace),
    body,
  };
}

/** Only snake_case field names change; map keys such as annotation keys keep their dots and slashes. */
function camelKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/.test(key)
        ? key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())
        : key,
      camelKeys(inner),
    ]),
  );
}

function releaseOf(address: string, resource: JsonObject): HelmRelease {
  return {
    address,
    name: str(resource.name),
    repository: str(resource.repository),
    chart: str(resource.chart),
    version: str(resource.version),
  };
}

/** `values` (YAML strings, as Terraform takes them) and `set` blocks merged into one object. */
function helmValues(address: string, resource: JsonObject): K8sObject {
  const body: JsonObject = {};
  const values = Array.isArray(resource.values) ? resource.values : [];
  for (const [index, text] of values.entries()) body[`values[${index}]`] = parseYamlOrKeep(text);
  const set = Array.isArray(resource.set) ? resource.set : isObject(resource.set) ? [resource.set] : [];
  const sets: JsonObject = {};
  for (const item of set) {
    if (!isObject(item) || typeof item.name !== 'string') continue;
    const path = item.name.split('.');
    let node = sets;
    for (const part of path.slice(0, -1)) {
      if (!isObject(node[part])) node[part] = {};
      node = node[part] as JsonObject;
    }
    node[path.at(-1)!] = item.value ?? null;
  }
  if (Object.keys(sets).length > 0) body.set = sets;
  return {
    address,
    apiVersion: '',
    kind: 'HelmValues',
    name: str(resource.name),
    namespace: str(resource.namespace),
    body,
  };
}

/** Parses a YAML document; a string that is not YAML (or not a mapping/list) stays as it is. */
export function parseYamlOrKeep(value: Json): Json {
  if (typeof value !== 'string') return value;
  try {
    const parsed = parse(value) as Json;
    return isObject(parsed) || Array.isArray(parsed) ? parsed : value;
  } catch {
    return value;
  }
}

/**
 * Kubernetes objects written inside chart values (e.g. a `raw` chart's
 * `resources`) become objects of their own, so every rule sees them as kinds;
 * the values keep a marker in their place.
 */
function lift(value: Json, address: string, path: string, out: K8sObject[]): Json {
  if (Array.isArray(value)) return value.map((item, i) => lift(item, address, `${path}[${i}]`, out));
  if (!isObject(value)) return value;
  if (typeof value.apiVersion === 'string' && typeof value.kind === 'string' && isObject(value.metadata)) {
    out.push(fromManifest(`${address}: ${path}`, value));
    return `(${value.kind} checked as an object of its own)`;
  }
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      lift(inner, address, path ? `${path}.${key}` : key, out),
    ]),
  );
}

/** `output.hoi_target.value` or `locals.hoi_target` (an object, or that object as a JSON string). */
function declaredTarget(stack: string, json: JsonObject): DeclaredTarget | undefined {
  const raw = one(one(json.output)?.hoi_target)?.value ?? one(json.locals)?.hoi_target;
  if (raw === undefined) return undefined;
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new Error(`stack ${stack}: hoi_target is a string but not JSON`);
    }
  }
  const result = declaredSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new Error(`stack ${stack}: hoi_target.${issue.path.join('.')}: ${issue.message}`);
  }
  return result.data;
}
