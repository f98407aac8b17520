/**
 * The root Containerfile read as instructions, for the tests that check it and
 * the one that lays out its final image on disk (there is no container engine
 * here): comments dropped, continuation lines joined, each instruction tagged
 * with the stage it belongs to.
 */
export interface Instruction {
  readonly keyword: string;
  readonly args: string;
  /** The stage name (`AS …`) the instruction belongs to; '' before the first FROM. */
  readonly stage: string;
}

export function parseContainerfile(source: string): Instruction[] {
  const logical = source
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  let stage = '';
  return logical.map((line) => {
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (keyword.toUpperCase() === 'FROM') stage = /\bAS\s+(\S+)/i.exec(args)?.[1] ?? '';
    return { keyword: keyword.toUpperCase(), args, stage };
  });
}

/** The `ENV name=value …` settings of a stage, in order (values without spaces or quotes, as ours are). */
export function stageEnv(instructions: readonly Instruction[], stage: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { keyword, args } of instructions.filter((i) => i.stage === stage)) {
    if (keyword !== 'ENV') continue;
    for (const pair of args.split(/\s+/)) {
      const at = pair.indexOf('=');
      if (at < 1) throw new Error(`ENV ${pair}: only name=value pairs are read here`);
      env[pair.slice(0, at)] = pair.slice(at + 1);
    }
  }
  return env;
}
