import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Target } from '../targets/schema.ts';
import type { KubernetesObject } from './knative-service.ts';
import {
  BOOTSTRAP_LABEL,
  PART_OF,
  pinnedImage,
  RESTRICTED_CONTAINER,
  RESTRICTED_POD,
} from './pod-security.ts';

/** The ConfigMap the bootstrap Job publishes the store and model ids into. */
export const STORE_CONFIG_MAP = 'openfga-store';
/** Function env keys taken from that ConfigMap, by its key: never target values. */
export const PUBLISHED_ENV: Readonly<Record<string, string>> = {
  FGA_STORE_ID: 'storeId',
  FGA_MODEL_ID: 'modelId',
};

const NAME = 'openfga-bootstrap';

/**
 * How Terraform applies the Job: it waits for the Job to complete, and the functions
 * depend on it, so a new Revision never starts before the ids it reads are published.
 */
export const BOOTSTRAP_JOB_APPLY = {
  wait: { condition: [{ type: 'Complete', status: 'True' }] },
  timeouts: { create: '35m' },
};

export const isBootstrapJob = (object: KubernetesObject) =>
  object.kind === 'Job' && object.metadata.name.startsWith(`${NAME}-`);
const MODEL_SOURCE = resolve(import.meta.dirname, '../../openfga/model/model.fga');
/** Where Kubernetes mounts a pod's service-account token, namespace and the cluster's CA. */
const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * The Job that makes sure OpenFGA holds the store (by the target's name for it) and the
 * model the image was built with, and publishes both ids into the ConfigMap the
 * functions read: the ConfigMap (created empty here, since RBAC cannot limit `create` to
 * one name), a ServiceAccount without a token by default, a Role allowing get and patch of
 * that one ConfigMap, its binding, and the Job — the only pod that mounts a token.
 * The Job's name carries a hash of the model and its own pod template: a new model or
 * image runs a new Job on the next apply instead of editing an immutable one.
 */
export function openfgaBootstrap(
  target: Target,
  modelSource = readFileSync(MODEL_SOURCE, 'utf8'),
): KubernetesObject[] {
  const namespace = target.namespaces.platform;
  const apiUrl = target.env.FGA_API_URL;
  if (!apiUrl)
    throw new Error(
      `targets/${target.name}: env.FGA_API_URL is required (the OpenFGA bootstrap Job calls it)`,
    );
  const labels = { 'app.kubernetes.io/name': NAME, ...PART_OF };
  const template = {
    metadata: { labels: { ...labels, ...BOOTSTRAP_LABEL } },
    spec: {
      ...RESTRICTED_POD,
      serviceAccountName: NAME,
      automountServiceAccountToken: true,
      restartPolicy: 'Never',
      containers: [
        {
          name: 'bootstrap',
          // The one image every function runs from.
          image: pinnedImage(target.image),
          command: ['node', `dist/${NAME}.js`],
          env: [
            { name: 'FGA_API_URL', value: apiUrl },
            {
              name: 'FGA_API_TOKEN',
              valueFrom: { secretKeyRef: { name: 'openfga-preshared-key', key: 'token' } },
            },
            { name: 'FGA_STORE_NAME', value: target.openfgaStoreName },
            { name: 'STORE_CONFIG_MAP', value: STORE_CONFIG_MAP },
            // The API server's certificate is signed by the cluster's own CA.
            { name: 'NODE_EXTRA_CA_CERTS', value: `${SERVICE_ACCOUNT_DIR}/ca.crt` },
          ],
          resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '256Mi' } },
          securityContext: RESTRICTED_CONTAINER,
        },
      ],
    },
  };
  const hash = createHash('sha256').update(modelSource).update(JSON.stringify(template)).digest('hex');
  const meta = (name: string) => ({ name, namespace, labels });
  return [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(STORE_CONFIG_MAP) },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(NAME), automountServiceAccountToken: false },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: meta(NAME),
      rules: [
        {
          apiGroups: [''],
          resources: ['configmaps'],
          resourceNames: [STORE_CONFIG_MAP],
          verbs: ['get', 'patch'],
        },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta(NAME),
      subjects: [{ kind: 'ServiceAccount', name: NAME, namespace }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: NAME },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: meta(`${NAME}-${hash.slice(0, 10)}`),
      // Several tries while OpenFGA and its database come up on a first deploy. No TTL:
      // Terraform owns the Job, and a Job deleted under it would be run again on each apply.
      spec: { backoffLimit: 4, activeDeadlineSeconds: 1800, template },
    },
  ];
}
