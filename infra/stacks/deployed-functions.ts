import type { FunctionManifest } from '../constructs/function-manifest.ts';
import type { Target } from '../targets/schema.ts';

/**
 * The functions a target runs: every manifest, the sandbox's synthetic upstreams only
 * where the target sets `sandbox: true` (its schema allows that only without real upstreams).
 */
export function deployedFunctions(
  functions: readonly FunctionManifest[],
  target: Target,
): FunctionManifest[] {
  const deployed = functions.filter((fn) => !fn.sandbox || target.sandbox);
  if (target.sandbox && !deployed.some((fn) => fn.sandbox)) {
    throw new Error(
      `targets/${target.name}: sandbox is true but no functions/*/manifest.ts sets sandbox: true`,
    );
  }
  return deployed;
}
