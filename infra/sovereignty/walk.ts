/**
 * Finding what the rules look at anywhere in an object, whatever its kind:
 * images, environment variables, label-like maps. Walking everything (pod
 * templates, Knative ConfigMaps, Helm values, embedded YAML) means a new kind
 * of object cannot hide an image or an endpoint from the check.
 */
import { isObject, type Json, type JsonObject, parseYamlOrKeep } from './stack.ts';

export interface Visit {
  /** Dotted path inside the object, e.g. `spec.template.spec.containers[0].image`. */
  readonly path: string;
  readonly key: string;
  readonly value: Json;
}

/** Every key/value pair below `body`; YAML documents held in strings are walked as well. */
export function* walk(body: Json, path = ''): Generator<Visit> {
  if (Array.isArray(body)) {
    for (const [index, item] of body.entries()) yield* walk(item, `${path}[${index}]`);
    return;
  }
  if (!isObject(body)) return;
  for (const [key, value] of Object.entries(body)) {
    const here = path ? `${path}.${key}` : key;
    yield { path: here, key, value };
    const inner = typeof value === 'string' && value.includes('\n') ? parseYamlOrKeep(value) : value;
    yield* walk(inner, here);
  }
}

export interface ImageUse {
  readonly path: string;
  readonly ref: string;
}

const IMAGE_KEY = /^(image|imageName)$|[-_]image$/i;

/** Image references: strings at `image`-like keys, and Helm's `image: {registry, repository, tag, digest}`. */
export function imagesIn(body: JsonObject): ImageUse[] {
  const found: ImageUse[] = [];
  for (const { path, key, value } of walk(body)) {
    // The Knative operator's `spec.registry`: `default` (a template) and `override` (container → image).
    if (path.endsWith('registry.override') && isObject(value)) {
      for (const [name, ref] of Object.entries(value)) {
        if (typeof ref === 'string') found.push({ path: `${path}.${name}`, ref });
      }
      continue;
    }
    if (path.endsWith('registry.default') && typeof value === 'string') found.push({ path, ref: value });
    if (!IMAGE_KEY.test(key)) continue;
    if (typeof value === 'string' && value.trim() !== '') found.push({ path, ref: value.trim() });
    else if (isObject(value) && typeof value.repository === 'string')
      found.push({ path, ref: helmImage(value) });
  }
  return found;
}

function helmImage(image: JsonObject): string {
  const part = (key: string) => (typeof image[key] === 'string' ? (image[key] as string) : '');
  const registry = part('registry');
  const tag = part('tag');
  const digest = part('digest');
  return `${registry ? `${registry}/` : ''}${part('repository')}${tag ? `:${tag}` : ''}${
    digest ? `@${digest.replace(/^@/, '')}` : ''
  }`;
}

export interface EnvUse {
  readonly path: string;
  readonly name: string;
  /** Undefined when the value comes from elsewhere (`valueFrom`), out of the check's sight. */
  readonly value: string | undefined;
}

/** `env`-like lists (`env`, `extraEnv`, Helm's `extraEnvVars`) of `{name, value | valueFrom}`. */
export function envIn(body: JsonObject): EnvUse[] {
  const found: EnvUse[] = [];
  for (const { path, key, value } of walk(body)) {
    if (!/env(vars)?$/i.test(key) || !Array.isArray(value)) continue;
    for (const [index, item] of value.entries()) {
      if (!isObject(item) || typeof item.name !== 'string') continue;
      found.push({
        path: `${path}[${index}]`,
        name: item.name,
        value: typeof item.value === 'string' ? item.value : undefined,
      });
    }
  }
  return found;
}

const KEYED_MAPS = new Set([
  'annotations',
  'labels',
  'nodeSelector',
  'matchLabels',
  'podAnnotations',
  'podLabels',
  'commonAnnotations',
  'commonLabels',
]);

export interface KeyUse {
  readonly path: string;
  readonly key: string;
  readonly value: Json;
}

/** Keys of annotation, label and selector maps anywhere in the object. */
export function mapKeysIn(body: JsonObject): KeyUse[] {
  const found: KeyUse[] = [];
  for (const { path, key, value } of walk(body)) {
    if (!KEYED_MAPS.has(key) || !isObject(value)) continue;
    for (const [inner, innerValue] of Object.entries(value))
      found.push({ path, key: inner, value: innerValue });
  }
  return found;
}
