import { Release } from '@cdktf/provider-helm/lib/release/index.js';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1/index.js';
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { knativeEventing, knativeServing, namespaces } from '../constructs/cluster-objects.ts';
import type { KubernetesObject } from '../constructs/knative-service.ts';
import type { Target } from '../targets/schema.ts';
import { declareTarget, helmProvider, kubernetesProvider } from './providers.ts';
import { useState } from './state-backend.ts';

export interface ClusterStackProps {
  readonly target: Target;
}

/**
 * What must exist before the platform can be planned: namespaces at Pod Security
 * `restricted`, the Knative operator with Serving and Eventing, and CloudNativePG.
 * Knative's CRs go through a chart that renders them, because `kubernetes_manifest`
 * cannot plan a kind whose CRD the same apply installs.
 */
export class ClusterStack extends TerraformStack {
  /** Every Kubernetes object this stack creates or hands to a chart, for validation. */
  readonly objects: KubernetesObject[];

  constructor(scope: Construct, id: string, props: ClusterStackProps) {
    super(scope, id);
    const { target } = props;
    useState(this, id, target.state);
    kubernetesProvider(this, target);
    helmProvider(this, target);
    declareTarget(this, target);

    const nsObjects = namespaces(target);
    const created = nsObjects.map(
      (ns) =>
        new NamespaceV1(this, `namespace-${ns.metadata.name}`, {
          metadata: { name: ns.metadata.name, labels: ns.metadata.labels as Record<string, string> },
        }),
    );
    const chartRelease = (
      name: string,
      chart: Target['charts']['raw'],
      namespace: string,
      values?: unknown,
      after: readonly Release[] = [],
    ) =>
      new Release(this, name, {
        name,
        namespace,
        repository: chart.repository,
        chart: chart.chart,
        version: chart.version,
        values: values === undefined ? undefined : [JSON.stringify(values)],
        atomic: true,
        dependsOn: [...created, ...after],
      });

    const operator = chartRelease(
      'knative-operator',
      target.charts.knativeOperator,
      target.namespaces.knativeOperator,
    );
    const cnpgImage = target.images.cnpgOperator;
    chartRelease('cloudnative-pg', target.charts.cloudnativePg, target.namespaces.cnpg, {
      // The chart writes `repository:tag`: the digest rides on the tag.
      image: {
        repository: `${cnpgImage.registry}/${cnpgImage.repository}`,
        tag: `${cnpgImage.version}@${cnpgImage.digest}`,
      },
    });
    const serving = knativeServing(target);
    const eventing = knativeEventing(target);
    // The operator's CRDs must exist before a chart can hand it these resources.
    chartRelease(
      'knative-serving',
      target.charts.raw,
      target.namespaces.knativeServing,
      { resources: [serving] },
      [operator],
    );
    chartRelease(
      'knative-eventing',
      target.charts.raw,
      target.namespaces.knativeEventing,
      { resources: [eventing] },
      [operator],
    );
    this.objects = [...nsObjects, serving, eventing];
  }
}
