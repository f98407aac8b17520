import type { KubernetesObject } from '../knative-service.ts';

/**
 * Every Secret name the objects refer to, wherever Kubernetes, Knative or
 * CloudNativePG take one: `secretKeyRef`, `envFrom[].secretRef`, secret volumes,
 * a DomainMapping's `tls.secretName`, CloudNativePG's `initdb.secret` and `s3Credentials`. Answers `Kind/name → secret`.
 */
export function secretReferences(objects: readonly KubernetesObject[]): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  for (const object of objects) {
    const add = (name: unknown) => {
      if (typeof name !== 'string') return;
      if (!found.has(name)) found.set(name, new Set());
      found.get(name)!.add(`${object.kind}/${object.metadata.name}`);
    };
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) {
        value.forEach(walk);
        return;
      }
      if (typeof value !== 'object' || value === null) return;
      for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
        const ref = child as { name?: unknown; secretName?: unknown } | null;
        if (key === 'secretKeyRef' || key === 'secretRef') add(ref?.name);
        else if (key === 'secret') add(ref?.secretName ?? ref?.name);
        else if (key === 'tls') add(ref?.secretName);
        else if (key === 's3Credentials') for (const k of Object.values(child ?? {})) add(k?.name);
        walk(child);
      }
    };
    walk(object);
  }
  return found;
}
