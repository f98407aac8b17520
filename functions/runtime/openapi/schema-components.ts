import { isDeepStrictEqual } from 'node:util';
import * as z from 'zod/mini';
import type { NamedSchema } from './operation.ts';

export type JsonSchema = Record<string, unknown>;

export interface SchemaComponents {
  /**
   * Converts a zod schema with zod's own JSON Schema generator (draft 2020-12, the
   * dialect of OpenAPI 3.1) into `components.schemas` and returns its `$ref`.
   * `input` documents what a request may hold, `output` what an answer holds.
   */
  ref(named: NamedSchema, io: 'input' | 'output'): { $ref: string };
  readonly schemas: Readonly<Record<string, JsonSchema>>;
}

const COMPONENT = '#/components/schemas/';

export function schemaComponents(): SchemaComponents {
  const schemas: Record<string, JsonSchema> = {};
  const put = (name: string, schema: JsonSchema) => {
    if (!/^[A-Za-z][A-Za-z0-9_.-]*$/.test(name))
      throw new TypeError(`Schema name "${name}" is not a component key`);
    const existing = schemas[name];
    if (existing && !isDeepStrictEqual(existing, schema))
      throw new TypeError(`Two different schemas are named "${name}" (request and answer differ?)`);
    schemas[name] = schema;
  };
  return {
    schemas,
    ref({ name, schema }, io) {
      const {
        $schema: _dialect,
        $defs,
        ...converted
      } = z.toJSONSchema(schema, {
        target: 'draft-2020-12',
        io,
        reused: 'inline',
      }) as JsonSchema;
      // Schemas given an `id` in zod's registry come back as local $defs: in the document they are components.
      for (const [defName, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>))
        put(defName, toComponentRefs(def, name) as JsonSchema);
      put(name, toComponentRefs(converted, name) as JsonSchema);
      return { $ref: `${COMPONENT}${name}` };
    },
  };
}

/** Local references (`#` for a recursive root, `#/$defs/…`) point into the document's components instead. */
function toComponentRefs(value: unknown, root: string): unknown {
  if (Array.isArray(value)) return value.map((item) => toComponentRefs(item, root));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => {
      if (key !== '$ref' || typeof inner !== 'string') return [key, toComponentRefs(inner, root)];
      if (inner === '#') return [key, `${COMPONENT}${root}`];
      return [key, inner.replace(/^#\/\$defs\//, COMPONENT)];
    }),
  );
}
