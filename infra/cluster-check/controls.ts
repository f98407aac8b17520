import type { KubernetesObject } from '../constructs/knative-service.ts';
import type { StackObject } from './stack-objects.ts';

/** A broken object the check must refuse, and the words the refusal must carry. */
export interface Control {
  readonly name: string;
  readonly object: KubernetesObject;
  readonly refusal: string;
}

// biome-ignore lint/suspicious/noExplicitAny: controls break objects field by field
type Loose = any;

/**
 * Negative controls made from a target's own objects, each broken in one way, so the check
 * is shown to refuse what a cluster would: if any of these passed, the check would be
 * checking nothing there.
 */
export function controls(objects: readonly StackObject[]): Control[] {
  const find = (apiVersion: string, kind: string): Loose => {
    const found = objects.find((o) => o.object.apiVersion === apiVersion && o.object.kind === kind);
    if (!found) throw new Error(`no ${apiVersion} ${kind} among the objects to make a control from`);
    return structuredClone(found.object);
  };
  const renamed = (o: Loose, suffix: string) => ({
    ...o,
    metadata: { ...o.metadata, name: `${o.metadata.name}-${suffix}` },
  });

  const typo = renamed(find('networking.k8s.io/v1', 'NetworkPolicy'), 'typo');
  typo.spec.podSelectr = typo.spec.podSelector;
  const wrongType = renamed(find('postgresql.cnpg.io/v1', 'Cluster'), 'wrong-type');
  wrongType.spec.instances = 'three';
  const slow = renamed(find('serving.knative.dev/v1', 'Service'), 'slow');
  slow.spec.template.spec.timeoutSeconds = 3600;
  const digestOnly = renamed(find('postgresql.cnpg.io/v1', 'Cluster'), 'digest-only');
  digestOnly.spec.imageName = digestOnly.spec.imageName.replace(/:[^:/@]+@/, '@');
  const job = find('batch/v1', 'Job');
  const pod: KubernetesObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'no-security-context', namespace: job.metadata.namespace },
    spec: { containers: [{ name: 'main', image: job.spec.template.spec.containers[0].image }] },
  };
  const deployment = renamed(find('apps/v1', 'Deployment'), 'no-security-context');
  delete deployment.spec.template.spec.securityContext;
  for (const c of deployment.spec.template.spec.containers) delete c.securityContext;

  return [
    { name: 'unknown field', object: typo, refusal: '.spec.podSelectr: field not declared in schema' },
    {
      name: 'wrong type',
      object: wrongType,
      refusal: '.spec.instances: expected numeric (int or float), got string',
    },
    { name: 'Knative timeout above the maximum', object: slow, refusal: 'spec.template.spec.timeoutSeconds' },
    {
      name: 'CloudNativePG image by digest alone',
      object: digestOnly,
      refusal: "Can't use just the image sha",
    },
    {
      name: 'pod without a security context',
      object: pod,
      refusal: 'violates PodSecurity "restricted:latest"',
    },
    {
      name: 'Deployment without a security context',
      object: deployment,
      refusal: 'warning: would violate PodSecurity "restricted:latest"',
    },
  ];
}
