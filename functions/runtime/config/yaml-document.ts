import { parse } from 'yaml';

/** YAML text to its value; a module of its own so the parser is only loaded where a `.yaml` policy is read. */
export function parseYaml(text: string): unknown {
  return parse(text);
}
