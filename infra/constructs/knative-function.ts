import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest/index.js';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { Target } from '../targets/schema.ts';
import type { FunctionManifest } from './function-manifest.ts';
import { type KubernetesObject, knativeService } from './knative-service.ts';

export interface KnativeFunctionProps {
  /** The function's `manifest.ts` data. */
  readonly manifest: FunctionManifest;
  /** The target it deploys to (image, env values, scaling overrides). */
  readonly target: Target;
  /** What must be in place before the Service is created or updated. @default nothing */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** One function as one Knative Service (`kubernetes_manifest`: it is a custom resource). */
export class KnativeFunction extends Construct {
  /** The Knative Service as Kubernetes data, for tests and validation. */
  readonly service: KubernetesObject;

  constructor(scope: Construct, id: string, props: KnativeFunctionProps) {
    super(scope, id);
    this.service = knativeService(props.manifest, props.target);
    new Manifest(this, 'service', {
      manifest: this.service,
      ...(props.dependsOn ? { dependsOn: [...props.dependsOn] } : {}),
    });
  }
}
