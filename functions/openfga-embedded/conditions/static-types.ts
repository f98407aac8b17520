/**
 * The CEL types the compile-time check works with. `any` is OpenFGA's `any`
 * parameter type (`google.protobuf.Any` in cel-go): it stands in for every type
 * like `dyn` does, but is no bool, so a bare `any` parameter is no condition.
 */

type ScalarKind =
  | 'bool'
  | 'int'
  | 'uint'
  | 'double'
  | 'string'
  | 'bytes'
  | 'timestamp'
  | 'duration'
  | 'ipaddress'
  | 'null'
  | 'type'
  | 'dyn'
  | 'any';

export type StaticType =
  | { readonly kind: ScalarKind }
  | { readonly kind: 'list'; readonly element: StaticType }
  | { readonly kind: 'map'; readonly key: StaticType; readonly value: StaticType };

const scalar = (kind: ScalarKind): StaticType => Object.freeze({ kind });

export const BOOL = scalar('bool');
export const INT = scalar('int');
export const UINT = scalar('uint');
export const DOUBLE = scalar('double');
export const STRING = scalar('string');
export const BYTES = scalar('bytes');
export const TIMESTAMP = scalar('timestamp');
export const DURATION = scalar('duration');
export const IPADDRESS = scalar('ipaddress');
export const NULL = scalar('null');
export const TYPE = scalar('type');
export const DYN = scalar('dyn');
export const ANY = scalar('any');

export function listOf(element: StaticType): StaticType {
  return { kind: 'list', element };
}

export function mapOf(key: StaticType, value: StaticType): StaticType {
  return { kind: 'map', key, value };
}

export function isDynamic(type: StaticType): boolean {
  return type.kind === 'dyn' || type.kind === 'any';
}

// Message-like types in cel-go, the only ones `null` is comparable with.
const NULLABLE = new Set(['timestamp', 'duration', 'ipaddress', 'null']);

/**
 * The type both sides of `==`, `in` or `?:` can have, or undefined when cel-go
 * would find no matching overload (`int == double`, `int == null`).
 */
export function unify(a: StaticType, b: StaticType): StaticType | undefined {
  if (isDynamic(a)) return b;
  if (isDynamic(b)) return a;
  if (a.kind === 'null' && NULLABLE.has(b.kind)) return b;
  if (b.kind === 'null' && NULLABLE.has(a.kind)) return a;
  if (a.kind === 'list' && b.kind === 'list') {
    const element = unify(a.element, b.element);
    return element && listOf(element);
  }
  if (a.kind === 'map' && b.kind === 'map') {
    const key = unify(a.key, b.key);
    const value = unify(a.value, b.value);
    return key && value && mapOf(key, value);
  }
  return a.kind === b.kind ? a : undefined;
}

/** Names as cel-go prints them in its errors. */
export function formatType(type: StaticType): string {
  switch (type.kind) {
    case 'list':
      return `list(${formatType(type.element)})`;
    case 'map':
      return `map(${formatType(type.key)}, ${formatType(type.value)})`;
    case 'ipaddress':
      return 'IPAddress';
    case 'any':
      return 'google.protobuf.Any';
    case 'null':
      return 'null_type';
    default:
      return type.kind;
  }
}
