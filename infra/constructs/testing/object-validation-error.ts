import type { KubernetesObject } from '../knative-service.ts';

export class ObjectValidationError extends Error {
  override readonly name = 'ObjectValidationError';
}

/** `Kind/name`, how a validation error names the object. */
export const where = (object: KubernetesObject) => `${object.kind}/${object.metadata?.name ?? '?'}`;
