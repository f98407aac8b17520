import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { StoreFileError } from './store-file-error.ts';

/** Readers for store file fields: each checks its shape and names the place when it is wrong. */

export type Json = Record<string, unknown>;

export function parseYaml(content: string, path: string): unknown {
  try {
    return parse(content, { version: '1.2' });
  } catch (error) {
    throw new StoreFileError(`${path}: not valid YAML: ${(error as Error).message}`, { cause: error });
  }
}

export async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new StoreFileError(`${path}: cannot read file`, { cause: error });
  }
}

export function only(value: Json, keys: readonly string[], where: string): void {
  for (const key of Object.keys(value))
    if (!keys.includes(key)) throw new StoreFileError(`${where}: unknown key '${key}'`);
}

export function object(value: unknown, where: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new StoreFileError(`${where}: expected a mapping`);
  return value as Json;
}

export function list(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new StoreFileError(`${where}: expected a list`);
  return value;
}

export function optionalList(value: unknown, where: string): unknown[] {
  return value === undefined || value === null ? [] : list(value, where);
}

export function text(value: unknown, where: string): string {
  if (typeof value !== 'string' || value === '')
    throw new StoreFileError(`${where}: expected a non-empty string`);
  return value;
}

export function strings(value: unknown, where: string): string[] {
  if (value === null || value === undefined) return [];
  return list(value, where).map((item, i) => text(item, `${where}[${i}]`));
}

/** `user: a` or `users: [a, b]` (likewise `object`/`objects`): exactly one form, never empty. */
export function oneOrMany(one: unknown, many: unknown, where: string): string[] {
  if (one !== undefined && many !== undefined)
    throw new StoreFileError(`${where}: give the single or the list form, not both`);
  if (one !== undefined) return [text(one, where)];
  const values = strings(many, `${where}s`);
  if (values.length === 0) throw new StoreFileError(`${where}: required`);
  return values;
}

export function mapValues<T>(value: Json, map: (value: unknown, key: string) => T): Record<string, T> {
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, map(item, key)]));
}
