import { App } from 'cdktf';
import type { FunctionManifest } from '../constructs/function-manifest.ts';
import { ClusterStack } from '../stacks/cluster-stack.ts';
import { PlatformStack } from '../stacks/platform-stack.ts';
import type { Target } from '../targets/schema.ts';

export interface SynthOptions {
  /** Where cdktf writes `manifest.json` and `stacks/<name>/cdk.tf.json`. */
  readonly outdir: string;
  readonly targets: readonly Target[];
  readonly functions: readonly FunctionManifest[];
}

export interface TargetStacks {
  readonly cluster: ClusterStack;
  readonly platform: PlatformStack;
}

/** Two stacks per target, `<target>-cluster` then `<target>-platform`, built into one app. */
export function buildApp(options: SynthOptions): { app: App; stacks: TargetStacks[] } {
  // No stack traces in the output: they would carry this machine's paths.
  const app = new App({ outdir: options.outdir, stackTraces: false });
  const stacks = options.targets.map((target) => ({
    cluster: new ClusterStack(app, `${target.name}-cluster`, { target }),
    platform: new PlatformStack(app, `${target.name}-platform`, { target, functions: options.functions }),
  }));
  return { app, stacks };
}

export function synthesize(options: SynthOptions): string[] {
  const { app, stacks } = buildApp(options);
  app.synth();
  return stacks.flatMap((s) => [s.cluster.node.id, s.platform.node.id]);
}

/** `--target a --target b` or `--target a,b`; none means every target. */
export function targetArgs(argv: readonly string[]): string[] {
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--target') {
      const value = argv[++i];
      if (!value) throw new Error('--target needs a target name');
      names.push(...value.split(','));
    } else if (arg.startsWith('--target=')) {
      names.push(...arg.slice('--target='.length).split(','));
    } else {
      throw new Error(`unknown argument ${arg} (usage: npm run synth -- [--target <name>])`);
    }
  }
  return names;
}
