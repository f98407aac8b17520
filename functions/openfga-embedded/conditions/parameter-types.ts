import { type CelInput, celUint } from '@bufbuild/cel';
import { ipAddressValue } from './cel-environment.ts';
import type { ConditionParameterType } from './contract.ts';
import { parseIpAddress } from './ip-address.ts';
import { toDouble, toInt64, toUint64 } from './numbers.ts';
import {
  ANY,
  BOOL,
  DOUBLE,
  DURATION,
  INT,
  IPADDRESS,
  listOf,
  mapOf,
  STRING,
  type StaticType,
  TIMESTAMP,
  UINT,
} from './static-types.ts';
import { parseDuration, parseTimestamp } from './time-values.ts';

/**
 * OpenFGA's condition parameter types (`TypeName` in openfga/api; there is no
 * bytes type) and how a JSON context value becomes a CEL value of that type,
 * following OpenFGA's internal/condition/types converters.
 */

export interface ParameterType {
  readonly staticType: StaticType;
  /** Throws ParameterError when the value does not fit the type. */
  convert(value: unknown): CelInput;
}

/** A bad parameter type, or a value that does not fit one; never quotes the value, which came from a request. */
export class ParameterError extends Error {
  override readonly name = 'ParameterError';
}

function scalar<T>(
  staticType: StaticType,
  expected: string,
  parse: (value: unknown) => T | undefined,
  toCel: (parsed: T) => CelInput = (parsed) => parsed as CelInput,
): ParameterType {
  return {
    staticType,
    convert(value) {
      const parsed = parse(value);
      if (parsed === undefined) throw new ParameterError(`must be ${expected}`);
      return toCel(parsed);
    },
  };
}

const ifString =
  <T>(parse: (text: string) => T | undefined) =>
  (value: unknown) =>
    typeof value === 'string' ? parse(value) : undefined;

const SCALARS: Readonly<Record<string, ParameterType>> = {
  TYPE_NAME_BOOL: scalar(BOOL, 'a bool', (value) => (typeof value === 'boolean' ? value : undefined)),
  TYPE_NAME_STRING: scalar(STRING, 'a string', (value) => (typeof value === 'string' ? value : undefined)),
  TYPE_NAME_INT: scalar(INT, 'an int (a whole number within 64 bits)', toInt64),
  TYPE_NAME_UINT: scalar(UINT, 'a uint (a whole number from 0 to 2^64 - 1)', toUint64, celUint),
  TYPE_NAME_DOUBLE: scalar(DOUBLE, 'a finite double', toDouble),
  TYPE_NAME_TIMESTAMP: scalar(TIMESTAMP, 'an RFC 3339 timestamp string', ifString(parseTimestamp)),
  TYPE_NAME_DURATION: scalar(DURATION, 'a duration string such as "1h30m"', ifString(parseDuration)),
  TYPE_NAME_IPADDRESS: scalar(IPADDRESS, 'an IP address string', ifString(parseIpAddress), ipAddressValue),
  // OpenFGA passes `any` values through as they came in JSON.
  TYPE_NAME_ANY: { staticType: ANY, convert: (value) => value as CelInput },
};

/** Throws ParameterError for an unknown type name or a wrong number of generic types. */
export function decodeParameterType(ref: ConditionParameterType): ParameterType {
  const generics = ref.generic_types ?? [];
  const expectedGenerics = ref.type_name === 'TYPE_NAME_LIST' || ref.type_name === 'TYPE_NAME_MAP' ? 1 : 0;
  if (!Object.hasOwn(SCALARS, ref.type_name) && expectedGenerics === 0) {
    throw new ParameterError(`has the unknown type '${ref.type_name}'`);
  }
  if (generics.length !== expectedGenerics) {
    throw new ParameterError(
      `has the type '${ref.type_name}', which takes ${expectedGenerics} generic types`,
    );
  }
  if (ref.type_name === 'TYPE_NAME_LIST') return listType(decodeParameterType(generics[0]!));
  if (ref.type_name === 'TYPE_NAME_MAP') return mapType(decodeParameterType(generics[0]!));
  return SCALARS[ref.type_name]!;
}

function listType(element: ParameterType): ParameterType {
  return {
    staticType: listOf(element.staticType),
    convert(value) {
      if (!Array.isArray(value)) throw new ParameterError('must be a list');
      return value.map((item, index) => within(`item ${index}`, () => element.convert(item)));
    },
  };
}

/** OpenFGA's `map<T>` has string keys: a JSON object. */
function mapType(valueType: ParameterType): ParameterType {
  return {
    staticType: mapOf(STRING, valueType.staticType),
    convert(value) {
      if (!isPlainObject(value)) throw new ParameterError('must be a map (a JSON object)');
      return new Map(
        Object.entries(value).map(([key, item]) => [key, within('a value', () => valueType.convert(item))]),
      );
    },
  };
}

function within(where: string, convert: () => CelInput): CelInput {
  try {
    return convert();
  } catch (error) {
    if (!(error instanceof ParameterError)) throw error;
    throw new ParameterError(`has ${where} that ${error.message}`);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
