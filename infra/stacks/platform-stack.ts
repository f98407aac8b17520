import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest/index.js';
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { auditCheckpoint } from '../constructs/audit-checkpoint.ts';
import { broker, functionEventing } from '../constructs/eventing.ts';
import type { FunctionManifest } from '../constructs/function-manifest.ts';
import { FunctionIngress } from '../constructs/ingress.ts';
import { KnativeFunction } from '../constructs/knative-function.ts';
import type { KubernetesObject } from '../constructs/knative-service.ts';
import { networkPolicies } from '../constructs/network-policies.ts';
import { openfga } from '../constructs/openfga.ts';
import { BOOTSTRAP_JOB_APPLY, isBootstrapJob, openfgaBootstrap } from '../constructs/openfga-bootstrap.ts';
import { otelCollector } from '../constructs/otel-collector.ts';
import { PlatformSecrets } from '../constructs/platform-secrets.ts';
import {
  AUDIT_DB,
  OPENFGA_DB,
  objectStore,
  postgresCluster,
  scheduledBackup,
} from '../constructs/postgres.ts';
import { scheduledCalls } from '../constructs/scheduled-calls.ts';
import { type SecretSpec, secretCatalogue } from '../constructs/secrets.ts';
import type { Target } from '../targets/schema.ts';
import { deployedFunctions } from './deployed-functions.ts';
import { declareTarget, kubernetesProvider } from './providers.ts';
import { useState } from './state-backend.ts';

export interface PlatformStackProps {
  readonly target: Target;
  /** Every function's manifest data: one Knative Service each. */
  readonly functions: readonly FunctionManifest[];
}

/**
 * The platform on a cluster the cluster stack prepared: the functions, OpenFGA with its
 * migrations, PostgreSQL (CloudNativePG) with backups, the OpenTelemetry Collector, the
 * Broker with the functions' Triggers and schedules, and the NetworkPolicies.
 */
export class PlatformStack extends TerraformStack {
  /** Every Kubernetes object this stack creates, for validation. */
  readonly objects: KubernetesObject[];
  /** The Secrets it creates (`kubernetes_secret_v1`), values from sensitive variables. */
  readonly secrets: readonly SecretSpec[];

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    const { target, functions } = props;
    const declared = new Set(functions.flatMap((fn) => fn.env));
    for (const key of Object.keys(target.env)) {
      if (!declared.has(key)) {
        throw new Error(`targets/${target.name}: env.${key} is declared by no function's manifest.ts env`);
      }
    }
    for (const name of Object.keys(target.scaling)) {
      if (!functions.some((fn) => fn.name === name)) {
        throw new Error(
          `targets/${target.name}: scaling.${name} names no function (no functions/${name}/manifest.ts)`,
        );
      }
    }
    useState(this, id, target.state);
    kubernetesProvider(this, target);
    declareTarget(this, target);

    const deployed = deployedFunctions(functions, target);
    const others = [
      ...networkPolicies(target),
      // The functions' `audit-database` Secret is the audit log's application user.
      postgresCluster(target, AUDIT_DB, 'audit-database'),
      objectStore(target, AUDIT_DB),
      scheduledBackup(target, AUDIT_DB),
      // Signed checkpoints of the audit chain's head, kept off the audit database.
      ...auditCheckpoint(target),
      postgresCluster(target, OPENFGA_DB),
      objectStore(target, OPENFGA_DB),
      scheduledBackup(target, OPENFGA_DB),
      ...openfga(target),
      ...openfgaBootstrap(target),
      ...otelCollector(target),
      broker(target),
      ...deployed.flatMap((fn) => functionEventing(fn, target)),
      ...scheduledCalls(deployed, target),
    ];
    const manifests = others.map((object) => {
      const id = `${object.kind}-${object.metadata.name}`.toLowerCase();
      return new Manifest(this, id, {
        manifest: object,
        ...(isBootstrapJob(object) ? BOOTSTRAP_JOB_APPLY : {}),
      });
    });
    const bootstrapJob = manifests.filter((_, i) => isBootstrapJob(others[i]!));
    const services = deployed.map(
      (manifest) =>
        new KnativeFunction(this, `function-${manifest.name}`, { manifest, target, dependsOn: bootstrapJob })
          .service,
    );
    const ingress = new FunctionIngress(this, 'ingress', { functions: deployed, target }).objects;
    this.objects = [...services, ...others, ...ingress];
    this.secrets = secretCatalogue(target);
    new PlatformSecrets(this, 'secrets', { target, secrets: this.secrets });
  }
}
