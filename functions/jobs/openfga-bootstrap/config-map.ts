import { BootstrapError, type IdsPublisher, type StoreIds } from './bootstrap.ts';

export interface ConfigMapTarget {
  /** The API server, e.g. `https://10.96.0.1:443` (KUBERNETES_SERVICE_HOST/PORT in a pod). */
  readonly apiUrl: string;
  /** The Job's service-account token. */
  readonly token: string;
  readonly namespace: string;
  /** The ConfigMap, which the platform stack creates empty. */
  readonly name: string;
  readonly timeoutMs: number;
  readonly fetch?: typeof fetch;
}

/**
 * Publishes the ids into one ConfigMap through the Kubernetes API with the Job's own
 * token: a GET, then a merge-patch of `data` only when it differs. Needs get and patch
 * on that one name and nothing else (create cannot be limited to a name in RBAC, so the
 * stack creates the ConfigMap).
 */
export function configMapPublisher(target: ConfigMapTarget): IdsPublisher {
  const url = `${target.apiUrl}/api/v1/namespaces/${target.namespace}/configmaps/${target.name}`;
  const call = async (method: 'GET' | 'PATCH', body?: unknown) => {
    // A named field manager: server-side apply of the stack's empty ConfigMap leaves these fields alone.
    const at = method === 'PATCH' ? `${url}?fieldManager=openfga-bootstrap` : url;
    const response = await (target.fetch ?? fetch)(at, {
      method,
      headers: {
        authorization: `Bearer ${target.token}`,
        accept: 'application/json',
        ...(body ? { 'content-type': 'application/merge-patch+json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(target.timeoutMs),
    }).catch((error: unknown) => {
      throw new BootstrapError(`the Kubernetes API did not answer ${method} configmaps/${target.name}`, {
        cause: error,
      });
    });
    if (response.status === 404) {
      throw new BootstrapError(
        `ConfigMap ${target.namespace}/${target.name} does not exist: the platform stack creates it`,
      );
    }
    if (!response.ok) {
      throw new BootstrapError(
        `the Kubernetes API answered ${response.status} to ${method} configmaps/${target.name}`,
      );
    }
    return (await response.json()) as { data?: Record<string, string> };
  };
  return {
    async publish(ids: StoreIds) {
      const current = (await call('GET')).data ?? {};
      if (current.storeId === ids.storeId && current.modelId === ids.modelId) return 'unchanged';
      await call('PATCH', { data: { storeId: ids.storeId, modelId: ids.modelId } });
      return 'updated';
    },
  };
}
