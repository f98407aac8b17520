import { HelmProvider } from '@cdktf/provider-helm/lib/provider/index.js';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider/index.js';
import { LocalBackend, type TerraformStack } from 'cdktf';
import type { Target } from '../targets/schema.ts';

/**
 * State beside the stack's synthesized files (a relative path, so the output is the same
 * on every machine) and providers that read the kubeconfig from `KUBE_CONFIG_PATH` at
 * deploy time: no home directory is written into the output.
 */
export function useLocalState(stack: TerraformStack, stackName: string): void {
  new LocalBackend(stack, { path: `terraform.${stackName}.tfstate` });
}

export function kubernetesProvider(stack: TerraformStack, target: Target): void {
  new KubernetesProvider(
    stack,
    'kubernetes',
    target.kubeContext ? { configContext: target.kubeContext } : {},
  );
}

export function helmProvider(stack: TerraformStack, target: Target): void {
  new HelmProvider(stack, 'helm', {
    kubernetes: target.kubeContext ? { configContext: target.kubeContext } : {},
  });
}
