import { KnativeEventing } from '@kubernetes-models/knative/operator.knative.dev/v1beta1/KnativeEventing';
import { KnativeServing } from '@kubernetes-models/knative/operator.knative.dev/v1beta1/KnativeServing';
import { Service } from '@kubernetes-models/knative/serving.knative.dev/v1/Service';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import type { KubernetesObject } from '../knative-service.ts';

/**
 * Test-time validation of every object the stacks generate: the typed models'
 * validators from `kubernetes-models` / `@kubernetes-models/knative`, then the rules
 * Knative's admission webhook enforces that those validators miss (STACK-NOTES.md):
 * an image on every container, pinned by digest; no unknown fields at the levels we
 * generate; `timeoutSeconds` ≥ 1.
 */
// biome-ignore lint/suspicious/noExplicitAny: each model takes its own typed object
type ModelClass = new (data: any) => { validate(): void };

const MODELS: Record<string, ModelClass> = {
  'v1/Namespace': Namespace,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'serving.knative.dev/v1/Service': Service,
  'operator.knative.dev/v1beta1/KnativeServing': KnativeServing,
  'operator.knative.dev/v1beta1/KnativeEventing': KnativeEventing,
};

const TOP = ['apiVersion', 'kind', 'metadata', 'spec'];
const METADATA = ['name', 'namespace', 'labels', 'annotations'];
const POD_SPEC = [
  'containers',
  'containerConcurrency',
  'timeoutSeconds',
  'enableServiceLinks',
  'automountServiceAccountToken',
  'securityContext',
  'serviceAccountName',
  'volumes',
];
const CONTAINER = [
  'name',
  'image',
  'command',
  'args',
  'ports',
  'env',
  'resources',
  'readinessProbe',
  'livenessProbe',
  'securityContext',
  'volumeMounts',
];

export class ObjectValidationError extends Error {
  override readonly name = 'ObjectValidationError';
}

const where = (object: KubernetesObject) => `${object.kind}/${object.metadata?.name ?? '?'}`;

function onlyKnown(object: KubernetesObject, at: string, value: unknown, allowed: readonly string[]): void {
  if (typeof value !== 'object' || value === null) return;
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key))
      throw new ObjectValidationError(`${where(object)}: unknown field ${at}.${key}`);
  }
}

function containersOf(object: KubernetesObject): Record<string, unknown>[] {
  const spec = (object.spec as { template?: { spec?: { containers?: Record<string, unknown>[] } } }) ?? {};
  return spec.template?.spec?.containers ?? [];
}

export function validateObject(object: KubernetesObject): void {
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (!Model)
    throw new ObjectValidationError(`${where(object)}: no model for ${object.apiVersion} ${object.kind}`);
  new Model(object).validate();

  onlyKnown(object, '', object, TOP);
  onlyKnown(object, 'metadata', object.metadata, METADATA);
  if (object.kind !== 'Service') return;

  const podSpec = (object.spec as { template: { spec: Record<string, unknown> } }).template.spec;
  onlyKnown(object, 'spec.template.spec', podSpec, POD_SPEC);
  const timeout = podSpec.timeoutSeconds;
  if (timeout !== undefined && (typeof timeout !== 'number' || timeout < 1)) {
    throw new ObjectValidationError(`${where(object)}: spec.template.spec.timeoutSeconds must be ≥ 1`);
  }
  containersOf(object).forEach((container, i) => {
    const at = `spec.template.spec.containers[${i}]`;
    onlyKnown(object, at, container, CONTAINER);
    if (typeof container.image !== 'string' || container.image === '') {
      throw new ObjectValidationError(`${where(object)}: ${at}.image is required`);
    }
    if (!/@sha256:[a-f0-9]{64}$/.test(container.image)) {
      throw new ObjectValidationError(`${where(object)}: ${at}.image must be pinned by digest (@sha256:…)`);
    }
  });
}
