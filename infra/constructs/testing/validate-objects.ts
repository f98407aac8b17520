import { Broker } from '@kubernetes-models/knative/eventing.knative.dev/v1/Broker';
import { Trigger } from '@kubernetes-models/knative/eventing.knative.dev/v1/Trigger';
import { ClusterDomainClaim } from '@kubernetes-models/knative/networking.internal.knative.dev/v1alpha1/ClusterDomainClaim';
import { KnativeEventing } from '@kubernetes-models/knative/operator.knative.dev/v1beta1/KnativeEventing';
import { KnativeServing } from '@kubernetes-models/knative/operator.knative.dev/v1beta1/KnativeServing';
import { Service } from '@kubernetes-models/knative/serving.knative.dev/v1/Service';
import { DomainMapping } from '@kubernetes-models/knative/serving.knative.dev/v1beta1/DomainMapping';
import { PingSource } from '@kubernetes-models/knative/sources.knative.dev/v1/PingSource';
import { SinkBinding } from '@kubernetes-models/knative/sources.knative.dev/v1/SinkBinding';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Service as CoreService } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { KubernetesObject } from '../knative-service.ts';
import { validateCloudNativePg } from './cloudnative-pg-rules.ts';
import { ObjectValidationError, where } from './object-validation-error.ts';
import { validateCronJob, validateRole } from './workload-rules.ts';

export { ObjectValidationError };

/**
 * Test-time validation of every object the stacks generate: the typed models'
 * validators from `kubernetes-models` / `@kubernetes-models/knative`, then the rules
 * Knative's admission webhook enforces that those validators miss (STACK-NOTES.md):
 * an image on every container, pinned by digest; no unknown fields at the levels we
 * generate; `timeoutSeconds` ≥ 1; CronJobs that never overlap or run late; Roles
 * that name what they grant. CloudNativePG publishes no model package: its
 * kinds get the top-level checks and its webhook's rules (cloudnative-pg-rules.ts).
 */
// biome-ignore lint/suspicious/noExplicitAny: each model takes its own typed object
type ModelClass = new (data: any) => { validate(): void };

const MODELS: Record<string, ModelClass> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/ServiceAccount': ServiceAccount,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'rbac.authorization.k8s.io/v1/Role': Role,
  'rbac.authorization.k8s.io/v1/RoleBinding': RoleBinding,
  'v1/Service': CoreService,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'batch/v1/CronJob': CronJob,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'serving.knative.dev/v1/Service': Service,
  'serving.knative.dev/v1beta1/DomainMapping': DomainMapping,
  'networking.internal.knative.dev/v1alpha1/ClusterDomainClaim': ClusterDomainClaim,
  'eventing.knative.dev/v1/Broker': Broker,
  'eventing.knative.dev/v1/Trigger': Trigger,
  'sources.knative.dev/v1/PingSource': PingSource,
  'sources.knative.dev/v1/SinkBinding': SinkBinding,
  'operator.knative.dev/v1beta1/KnativeServing': KnativeServing,
  'operator.knative.dev/v1beta1/KnativeEventing': KnativeEventing,
};
const CLOUDNATIVE_PG = new Set([
  'postgresql.cnpg.io/v1/Cluster',
  'postgresql.cnpg.io/v1/ScheduledBackup',
  'barmancloud.cnpg.io/v1/ObjectStore',
]);

const TOP = ['apiVersion', 'kind', 'metadata', 'spec'];
/** Kinds whose content is not under `spec`. */
const TOP_BY_KIND: Readonly<Record<string, readonly string[]>> = {
  ConfigMap: ['apiVersion', 'kind', 'metadata', 'data'],
  ServiceAccount: ['apiVersion', 'kind', 'metadata', 'automountServiceAccountToken'],
  Role: ['apiVersion', 'kind', 'metadata', 'rules'],
  RoleBinding: ['apiVersion', 'kind', 'metadata', 'subjects', 'roleRef'],
};
const METADATA = ['name', 'namespace', 'labels', 'annotations'];
const KNATIVE_POD_SPEC = [
  'containers',
  'containerConcurrency',
  'timeoutSeconds',
  'enableServiceLinks',
  'automountServiceAccountToken',
  'securityContext',
  'serviceAccountName',
  'volumes',
];
const KNATIVE_CONTAINER = [
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

function onlyKnown(object: KubernetesObject, at: string, value: unknown, allowed: readonly string[]): void {
  if (typeof value !== 'object' || value === null) return;
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key))
      throw new ObjectValidationError(`${where(object)}: unknown field ${at}.${key}`);
  }
}

type PodTemplate = { template?: { spec?: { containers?: Record<string, unknown>[] } } };

/** The pod template's containers, a CronJob's through its job template. */
function containersOf(object: KubernetesObject): Record<string, unknown>[] {
  const spec = (object.spec as PodTemplate & { jobTemplate?: { spec?: PodTemplate } }) ?? {};
  return (spec.jobTemplate?.spec ?? spec).template?.spec?.containers ?? [];
}

export function validateObject(object: KubernetesObject): void {
  const type = `${object.apiVersion}/${object.kind}`;
  const Model = MODELS[type];
  // The published SinkBinding model requires `status`, which Knative's CRD leaves to its controller.
  if (Model) new Model(object.kind === 'SinkBinding' ? { ...object, status: {} } : object).validate();
  else if (CLOUDNATIVE_PG.has(type)) validateCloudNativePg(object);
  else throw new ObjectValidationError(`${where(object)}: no model for ${object.apiVersion} ${object.kind}`);

  onlyKnown(object, '', object, TOP_BY_KIND[object.kind] ?? TOP);
  onlyKnown(object, 'metadata', object.metadata, METADATA);
  containersOf(object).forEach((container, i) => {
    const pod = object.kind === 'CronJob' ? 'spec.jobTemplate.spec.template.spec' : 'spec.template.spec';
    pinnedByDigest(object, `${pod}.containers[${i}]`, container);
  });
  if (type === 'serving.knative.dev/v1/Service') validateKnativeService(object);
  if (type === 'serving.knative.dev/v1beta1/DomainMapping') validateDomainMapping(object);
  if (type === 'batch/v1/CronJob') validateCronJob(object);
  if (type === 'rbac.authorization.k8s.io/v1/Role') validateRole(object);
}

function validateKnativeService(object: KubernetesObject): void {
  const podSpec = (object.spec as { template: { spec: Record<string, unknown> } }).template.spec;
  onlyKnown(object, 'spec.template.spec', podSpec, KNATIVE_POD_SPEC);
  onlyKnown(object, 'spec.template.spec.securityContext', podSpec.securityContext, ['seccompProfile']);
  const timeout = podSpec.timeoutSeconds;
  if (timeout !== undefined && (typeof timeout !== 'number' || timeout < 1)) {
    throw new ObjectValidationError(`${where(object)}: spec.template.spec.timeoutSeconds must be ≥ 1`);
  }
  containersOf(object).forEach((container, i) => {
    onlyKnown(object, `spec.template.spec.containers[${i}]`, container, KNATIVE_CONTAINER);
  });
}

/** A host outside the cluster carries health data: TLS always, to a Service beside the mapping. */
function validateDomainMapping(object: KubernetesObject): void {
  const spec = object.spec as { ref: { namespace?: string }; tls?: { secretName?: string } };
  if (!spec.tls?.secretName) {
    throw new ObjectValidationError(`${where(object)}: spec.tls.secretName is required (no plain-HTTP host)`);
  }
  if (spec.ref.namespace !== undefined && spec.ref.namespace !== object.metadata.namespace) {
    throw new ObjectValidationError(
      `${where(object)}: spec.ref.namespace must be the mapping's own namespace`,
    );
  }
}

function pinnedByDigest(object: KubernetesObject, at: string, container: Record<string, unknown>): void {
  if (typeof container.image !== 'string' || container.image === '') {
    throw new ObjectValidationError(`${where(object)}: ${at}.image is required`);
  }
  if (!/@sha256:[a-f0-9]{64}$/.test(container.image)) {
    throw new ObjectValidationError(`${where(object)}: ${at}.image must be pinned by digest (@sha256:…)`);
  }
}
