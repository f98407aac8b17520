import { HelmProvider } from '@cdktf/provider-helm/lib/provider/index.js';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider/index.js';
import { TerraformLocal, type TerraformStack } from 'cdktf';
import type { Target } from '../targets/schema.ts';

/**
 * Providers that read the kubeconfig from `KUBE_CONFIG_PATH` at deploy time: no home
 * directory is written into the output.
 */
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

/**
 * The target's own addresses, declared for `npm run sovereignty` (infra/sovereignty):
 * the registries and chart repositories it pulls from and where telemetry may go. What
 * is permitted stays with policies/sovereignty.yaml.
 */
export function declareTarget(stack: TerraformStack, target: Target): void {
  const registry = (image: { registry: string; repository: string }) =>
    `${image.registry}/${image.repository.split('/').slice(0, -1).join('/')}`.replace(/\/$/, '');
  new TerraformLocal(stack, 'hoi_target', {
    name: target.name,
    registries: [
      ...new Set([
        ...[target.image, ...Object.values(target.images)].map(registry),
        // Knative's images, given whole (`host/path/name@sha256:…`): their registry is all before the name.
        ...[
          ...Object.values(target.knativeImages.serving),
          ...Object.values(target.knativeImages.eventing),
        ].map((ref) => ref.slice(0, ref.lastIndexOf('/'))),
      ]),
    ],
    charts: [...new Set(Object.values(target.charts).map((chart) => chart.repository))],
    telemetryEndpoints: target.telemetry.map((exporter) => exporter.endpoint),
  });
}
