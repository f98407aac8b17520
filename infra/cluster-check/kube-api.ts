import { request } from 'node:https';
import type { KubernetesObject } from '../constructs/knative-service.ts';

/** Where the API server is and how to authenticate (`.ci/with-apiserver` exports these). */
export interface KubeApiConfig {
  readonly url: string;
  readonly token: string;
  /** The PEM of the CA that signed the server's certificate. */
  readonly ca: string;
}

/** What the server said to one request: the HTTP status, its warnings and, on refusal, its message. */
export interface KubeAnswer {
  readonly status: number;
  readonly warnings: string[];
  readonly body: { message?: string; [key: string]: unknown };
}

interface Resource {
  readonly plural: string;
  readonly namespaced: boolean;
}

/** Terraform's Kubernetes provider applies server-side under this field manager. */
export const FIELD_MANAGER = 'Terraform';

/**
 * A small client for what the check needs: discovery and server-side apply. Every apply is
 * Strict about fields (an unknown or duplicated field is a refusal, not a warning), under
 * Terraform's field manager, and in dry-run unless `persist` is asked for.
 */
export class KubeApi {
  private readonly resources = new Map<string, Promise<Map<string, Resource>>>();

  private readonly config: KubeApiConfig;

  constructor(config: KubeApiConfig) {
    this.config = config;
  }

  send(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<KubeAnswer> {
    const url = new URL(path, this.config.url);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method,
          ca: this.config.ca,
          headers: {
            authorization: `Bearer ${this.config.token}`,
            accept: 'application/json',
            ...(payload ? { 'content-type': contentType } : {}),
          },
          timeout: 30_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({
              status: res.statusCode ?? 0,
              warnings: warnings(res.headers.warning),
              body: text.startsWith('{') ? JSON.parse(text) : { message: text },
            });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${url.pathname}: no answer in 30 s`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** The object's resource path, from the server's discovery of its group/version. */
  async path(object: KubernetesObject): Promise<string> {
    const { apiVersion, kind, metadata } = object;
    const resource = (await this.discover(apiVersion)).get(kind);
    if (!resource) throw new Error(`the API server serves no ${kind} in ${apiVersion}`);
    const prefix = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const ns = resource.namespaced ? `/namespaces/${metadata.namespace ?? 'default'}` : '';
    return `${prefix}${ns}/${resource.plural}/${encodeURIComponent(metadata.name)}`;
  }

  async apply(object: KubernetesObject, options: { persist?: boolean } = {}): Promise<KubeAnswer> {
    const query = new URLSearchParams({ fieldManager: FIELD_MANAGER, fieldValidation: 'Strict' });
    if (!options.persist) query.set('dryRun', 'All');
    return this.send('PATCH', `${await this.path(object)}?${query}`, object, 'application/apply-patch+yaml');
  }

  private discover(apiVersion: string): Promise<Map<string, Resource>> {
    let found = this.resources.get(apiVersion);
    if (!found) {
      const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
      found = this.send('GET', path).then((answer) => {
        const list = (answer.body.resources ?? []) as { name: string; kind: string; namespaced: boolean }[];
        return new Map(
          list
            .filter((r) => !r.name.includes('/'))
            .map((r) => [r.kind, { plural: r.name, namespaced: r.namespaced }]),
        );
      });
      this.resources.set(apiVersion, found);
    }
    return found;
  }
}

/** `299 - "message"` headers (RFC 7234, as the API server writes them) → the messages. */
function warnings(header: string | string[] | undefined): string[] {
  const all = header === undefined ? [] : Array.isArray(header) ? header : header.split(/,(?=\s*299 )/);
  return all.map((w) =>
    w
      .trim()
      .replace(/^299 - "(.*)"$/, '$1')
      .replace(/\\"/g, '"'),
  );
}
