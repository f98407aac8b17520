import type { AuthorizationModel } from '../../openfga-embedded/vocabulary/types.ts';

/** Whether two models are the same once OpenFGA's filled-in defaults are set aside. */
export function sameModel(a: AuthorizationModel, b: AuthorizationModel): boolean {
  return canonical(a) === canonical(b);
}

/**
 * The model as comparable JSON: keys sorted, and proto3 default values ('',
 * null, false, 0, empty lists and objects) dropped, since OpenFGA answers a
 * model with every default field filled in that the DSL compiler leaves out.
 */
function canonical(model: AuthorizationModel): string {
  const { schema_version, type_definitions, conditions } = model;
  return JSON.stringify(withoutDefaults({ schema_version, type_definitions, conditions }));
}

function withoutDefaults(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDefaults);
  if (value === null || typeof value !== 'object') return value;
  const kept = Object.entries(value)
    .map(([key, field]) => [key, withoutDefaults(field)] as const)
    .filter(([, field]) => !isDefault(field))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return Object.fromEntries(kept);
}

function isDefault(value: unknown): boolean {
  if (value === '' || value === null || value === undefined || value === false || value === 0) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}
