import type { TupleKey } from '../../functions/openfga-embedded/vocabulary/types.ts';
import { StoreFileError } from './store-file-error.ts';

const COLUMNS = [
  'user_type',
  'user_id',
  'user_relation',
  'relation',
  'object_type',
  'object_id',
  'condition_name',
  'condition_context',
];

/**
 * The CLI's CSV tuple file: a header naming columns from `user_type, user_id,
 * user_relation, relation, object_type, object_id, condition_name,
 * condition_context` (JSON), one tuple per row. Quoted fields may hold commas.
 */
export function parseTupleCsv(content: string, path: string): TupleKey[] {
  const rows = content
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map(splitRow);
  const header = rows.shift() ?? [];
  for (const column of header)
    if (!COLUMNS.includes(column)) throw new StoreFileError(`${path}: unknown CSV column '${column}'`);
  return rows.map((row, i) => {
    const cell = (name: string) => row[header.indexOf(name)]?.trim() ?? '';
    const userRelation = cell('user_relation');
    const user = `${cell('user_type')}:${cell('user_id')}${userRelation === '' ? '' : `#${userRelation}`}`;
    const key = { user, relation: cell('relation'), object: `${cell('object_type')}:${cell('object_id')}` };
    const condition = cell('condition_name');
    if (condition === '') return key;
    const context = cell('condition_context');
    try {
      return {
        ...key,
        condition: context === '' ? { name: condition } : { name: condition, context: JSON.parse(context) },
      };
    } catch (error) {
      throw new StoreFileError(`${path}: row ${i + 2}: condition_context is not JSON`, { cause: error });
    }
  });
}

function splitRow(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quoted && char === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (char === '"') quoted = !quoted;
    else if (char === ',' && !quoted) {
      cells.push(cell);
      cell = '';
    } else cell += char;
  }
  cells.push(cell);
  return cells;
}
