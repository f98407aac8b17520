import { extname, resolve } from 'node:path';
import type { TupleKey } from '../../functions/openfga-embedded/vocabulary/types.ts';
import { parseTupleCsv } from './store-file-csv.ts';
import {
  type Json,
  list,
  object,
  only,
  optionalList,
  parseYaml,
  readText,
  text,
} from './store-file-fields.ts';

/** The tuples a store file or test names: its `tuple_file`, `tuple_files` (YAML, JSON or CSV) and `tuples`. */
export async function tupleSources(holder: Json, base: string, where: string): Promise<TupleKey[]> {
  const files = [
    ...(typeof holder.tuple_file === 'string' ? [holder.tuple_file] : []),
    ...optionalList(holder.tuple_files, `${where} tuple_files`).map((file, i) =>
      text(file, `${where} tuple_files[${i}]`),
    ),
  ];
  const fromFiles = await Promise.all(files.map((file) => readTupleFile(resolve(base, file))));
  return [
    ...fromFiles.flat(),
    ...(holder.tuples === undefined || holder.tuples === null
      ? []
      : tuples(holder.tuples, `${where} tuples`)),
  ];
}

async function readTupleFile(path: string): Promise<TupleKey[]> {
  const content = await readText(path);
  if (extname(path) === '.csv') return parseTupleCsv(content, path);
  return tuples(parseYaml(content, path), path);
}

/** A list of `{ user, relation, object, condition? }` mappings. */
export function tuples(value: unknown, where: string): TupleKey[] {
  return list(value, where).map((entry, i) => {
    const place = `${where}[${i}]`;
    const tuple = object(entry, place);
    only(tuple, ['user', 'relation', 'object', 'condition'], place);
    const key = {
      user: text(tuple.user, `${place}.user`),
      relation: text(tuple.relation, `${place}.relation`),
      object: text(tuple.object, `${place}.object`),
    };
    if (tuple.condition === undefined || tuple.condition === null) return key;
    const condition = object(tuple.condition, `${place}.condition`);
    only(condition, ['name', 'context'], `${place}.condition`);
    const name = text(condition.name, `${place}.condition.name`);
    return {
      ...key,
      condition:
        condition.context === undefined || condition.context === null
          ? { name }
          : { name, context: object(condition.context, `${place}.condition.context`) },
    };
  });
}
