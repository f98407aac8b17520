import type { KubernetesObject } from '../knative-service.ts';
import { ObjectValidationError, where } from './object-validation-error.ts';

/**
 * A scheduled run never overlaps the last one nor runs late after an outage, and its
 * name leaves Kubernetes room for the Jobs' suffix (52 characters).
 */
export function validateCronJob(object: KubernetesObject): void {
  const spec = object.spec as { concurrencyPolicy?: unknown; startingDeadlineSeconds?: unknown };
  if (object.metadata.name.length > 52) {
    throw new ObjectValidationError(`${where(object)}: metadata.name must be at most 52 characters`);
  }
  if (spec.concurrencyPolicy !== 'Forbid') {
    throw new ObjectValidationError(`${where(object)}: spec.concurrencyPolicy must be Forbid`);
  }
  if (typeof spec.startingDeadlineSeconds !== 'number') {
    throw new ObjectValidationError(`${where(object)}: spec.startingDeadlineSeconds is required`);
  }
}

/** Least privilege: every rule names the objects it grants, with named verbs, never `*`. */
export function validateRole(object: KubernetesObject): void {
  const rules = (object.rules ?? []) as { resourceNames?: string[]; verbs: string[]; resources?: string[] }[];
  rules.forEach((rule, i) => {
    if (!rule.resourceNames?.length) {
      throw new ObjectValidationError(
        `${where(object)}: rules[${i}].resourceNames must name the objects it grants`,
      );
    }
    if ([...rule.verbs, ...(rule.resources ?? [])].includes('*')) {
      throw new ObjectValidationError(
        `${where(object)}: rules[${i}] must not grant * (name verbs and resources)`,
      );
    }
  });
}
