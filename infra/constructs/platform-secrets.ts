import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1/index.js';
import { TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import type { Target } from '../targets/schema.ts';
import { PART_OF } from './pod-security.ts';
import type { SecretSpec } from './secrets.ts';

export interface PlatformSecretsProps {
  readonly target: Target;
  /** The catalogue (`secretCatalogue(target)`). */
  readonly secrets: readonly SecretSpec[];
}

/**
 * The catalogue's Secrets as `kubernetes_secret_v1`, each value from a sensitive
 * Terraform variable (`TF_VAR_<variable>` at plan time): the synthesized JSON holds
 * only `${var.…}`, and plan output hides the values.
 */
export class PlatformSecrets extends Construct {
  constructor(scope: Construct, id: string, props: PlatformSecretsProps) {
    super(scope, id);
    const variables = new Set<string>();
    for (const secret of props.secrets) {
      const data: Record<string, string> = { ...secret.fixed };
      for (const key of secret.keys) {
        if (variables.has(key.variable)) {
          throw new Error(`secret ${secret.name}: variable ${key.variable} is used by two keys`);
        }
        variables.add(key.variable);
        const variable = new TerraformVariable(this, key.variable, {
          type: 'string',
          sensitive: true,
          nullable: false,
          description: `${key.description}: Secret ${secret.name}, key ${key.key}`,
          validation: [
            key.minLength
              ? {
                  condition: `\${length(var.${key.variable}) >= ${key.minLength}}`,
                  errorMessage: `${key.variable} must hold at least ${key.minLength} characters.`,
                }
              : {
                  condition: `\${length(trimspace(var.${key.variable})) > 0}`,
                  errorMessage: `${key.variable} must not be empty.`,
                },
          ],
        });
        // The name operators set as TF_VAR_<variable>, not a construct-path id.
        variable.overrideLogicalId(key.variable);
        data[key.key] = variable.stringValue;
      }
      new SecretV1(this, secret.name, {
        metadata: {
          name: secret.name,
          namespace: props.target.namespaces.platform,
          labels: { ...PART_OF },
          annotations: { 'hoi-platform/purpose': secret.purpose },
        },
        ...(secret.type ? { type: secret.type } : {}),
        data,
      });
    }
  }
}
