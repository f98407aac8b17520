import { EU_MANAGED } from './eu-managed.ts';
import { LOCAL } from './local.ts';
import { parseTarget, type Target, TargetError, type TargetInput } from './schema.ts';
import { SELF_HOSTED } from './self-hosted.ts';

/** Every target by its file name: `npm run synth -- --target <name>`. */
export const TARGETS: Readonly<Record<string, TargetInput>> = {
  local: LOCAL,
  'self-hosted': SELF_HOSTED,
  'eu-managed': EU_MANAGED,
};

/** The named targets parsed and validated, or all of them when `names` is empty. */
export function loadTargets(
  names: readonly string[] = [],
  targets: Readonly<Record<string, TargetInput>> = TARGETS,
): Target[] {
  const chosen = names.length > 0 ? names : Object.keys(targets);
  return chosen.map((name) => {
    const input = targets[name];
    if (!input) {
      throw new TargetError(`unknown target "${name}" (known: ${Object.keys(targets).join(', ')})`);
    }
    const target = parseTarget(name, input);
    if (target.name !== name)
      throw new TargetError(`targets/${name}: name must be "${name}" (its file name)`);
    return target;
  });
}

export type { Target };
