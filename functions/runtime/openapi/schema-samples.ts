import type { JsonSchema } from './schema-components.ts';

/**
 * Test support: bodies made from a *documented* JSON Schema, to prove that the
 * validation behind a route enforces exactly what `/openapi.json` says —
 * every sample is accepted, every violation refused at the path it names.
 * Understands what zod emits for request bodies: objects, strings with
 * lengths and enums, numbers with bounds, booleans, `$ref`s (arrays stay empty).
 */

export interface Violation {
  /** The documented rule the body breaks: `maxLength`, `enum`, `required`, … */
  readonly rule: string;
  /** The field path as `readJson` reports it (`override.reason`; `(body)` for the root). */
  readonly path: string;
  readonly body: unknown;
}

type Resolve = (schema: JsonSchema) => JsonSchema;

/** Resolves `#/…` references against the whole OpenAPI document. */
export function resolverFor(document: JsonSchema): Resolve {
  const resolve: Resolve = (schema) => {
    const ref = schema.$ref;
    if (typeof ref !== 'string') return schema;
    const target = ref
      .slice(2)
      .split('/')
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
    if (!target) throw new Error(`Unresolvable $ref ${ref}`);
    return resolve(target as JsonSchema);
  };
  return resolve;
}

/** A minimal valid body, then one per enum value and one without each optional field. */
export function validSamples(schema: JsonSchema, resolve: Resolve): unknown[] {
  const samples: unknown[] = [minimal(schema, resolve)];
  visit(schema, resolve, [], (field, path) => {
    for (const value of (field.enum as unknown[] | undefined) ?? [])
      samples.push(replaced(samples[0], path, value));
  });
  visitObjects(schema, resolve, [], (object, path) => {
    const required = new Set((object.required as string[] | undefined) ?? []);
    for (const key of Object.keys(properties(object)))
      if (!required.has(key)) samples.push(replaced(samples[0], [...path, key], undefined));
  });
  return samples;
}

/** For each documented rule, a body that breaks that rule only. */
export function violations(schema: JsonSchema, resolve: Resolve): Violation[] {
  const base = minimal(schema, resolve);
  const out: Violation[] = [];
  const add = (rule: string, path: string[], value: unknown, reported = path) =>
    out.push({ rule, path: reported.join('.') || '(body)', body: replaced(base, path, value) });
  visit(schema, resolve, [], (field, path) => {
    if (typeof field.maxLength === 'number') add('maxLength', path, 'a'.repeat(field.maxLength + 1));
    if (typeof field.minLength === 'number' && field.minLength > 0)
      add('minLength', path, 'a'.repeat(field.minLength - 1));
    if (Array.isArray(field.enum)) add('enum', path, 'not_a_documented_value');
    if (typeof field.maximum === 'number') add('maximum', path, field.maximum + 1);
    if (typeof field.minimum === 'number') add('minimum', path, field.minimum - 1);
    if (field.type === 'string') add('type', path, 42);
    if (field.type === 'object' || field.type === 'boolean' || field.type === 'number')
      add('type', path, 'text');
  });
  visitObjects(schema, resolve, [], (object, path) => {
    for (const key of (object.required as string[] | undefined) ?? [])
      add('required', [...path, key], undefined);
    if (object.additionalProperties === false)
      add('additionalProperties', [...path, 'undocumented'], true, path);
  });
  return out;
}

function minimal(schema: JsonSchema, resolve: Resolve): unknown {
  const s = resolve(schema);
  if (Array.isArray(s.enum)) return s.enum[0];
  if ('const' in s) return s.const;
  switch ([s.type].flat()[0]) {
    case 'object':
      return Object.fromEntries(Object.entries(properties(s)).map(([k, v]) => [k, minimal(v, resolve)]));
    case 'array':
      return [];
    case 'string':
      return 'a'.repeat((s.minLength as number | undefined) ?? 1);
    case 'integer':
    case 'number':
      return (s.minimum as number | undefined) ?? 0;
    case 'boolean':
      return true;
    default:
      return null;
  }
}

/** Calls `each` for every field below the root (depth first), with its path. */
function visit(
  schema: JsonSchema,
  resolve: Resolve,
  path: string[],
  each: (s: JsonSchema, p: string[]) => void,
) {
  const s = resolve(schema);
  if (path.length > 0) each(s, path);
  for (const [key, inner] of Object.entries(properties(s))) visit(inner, resolve, [...path, key], each);
}

function visitObjects(
  schema: JsonSchema,
  resolve: Resolve,
  path: string[],
  each: (s: JsonSchema, p: string[]) => void,
) {
  const s = resolve(schema);
  if (s.type !== 'object') return;
  each(s, path);
  for (const [key, inner] of Object.entries(properties(s)))
    visitObjects(inner, resolve, [...path, key], each);
}

function properties(s: JsonSchema): Record<string, JsonSchema> {
  return (s.properties as Record<string, JsonSchema> | undefined) ?? {};
}

/** A deep copy of `body` with the value at `path` set (or removed when `value` is undefined). */
function replaced(body: unknown, path: readonly string[], value: unknown): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  if (path.length === 0) return value;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = path.at(-1)!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}
