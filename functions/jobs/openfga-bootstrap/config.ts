import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { ConfigError, parseEnv } from '../../runtime/config/parse-env.ts';

const schema = z.object({
  FGA_API_URL: z.url({ protocol: /^https?$/ }),
  FGA_API_TOKEN: z.optional(z.string()),
  FGA_TIMEOUT_MS: z._default(z.coerce.number().check(z.int(), z.gte(50), z.lte(60_000)), 10_000),
  FGA_STORE_NAME: z.string().check(z.regex(/^[\w.-]{1,64}$/, 'must be 1–64 letters, digits, . _ or -')),
  FGA_WAIT_SECONDS: z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(3600)), 300),
  AUTHZ_MODEL_FILE: z._default(z.string(), 'dist/authorization-model.json'),
  STORE_CONFIG_MAP: z._default(z.string(), 'openfga-store'),
  KUBERNETES_SERVICE_HOST: z.string().check(z.minLength(1)),
  KUBERNETES_SERVICE_PORT: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(65535)), 443),
  SERVICE_ACCOUNT_DIR: z._default(z.string(), '/var/run/secrets/kubernetes.io/serviceaccount'),
});

export interface BootstrapConfig {
  readonly fga: { readonly apiUrl: string; readonly apiToken?: string; readonly timeoutMs: number };
  readonly storeName: string;
  readonly waitMs: number;
  readonly modelFile: string;
  readonly configMap: {
    readonly apiUrl: string;
    readonly token: string;
    readonly namespace: string;
    readonly name: string;
  };
}

/**
 * The bootstrap's settings: OpenFGA's as the functions name them, and the API server
 * as Kubernetes tells every pod (KUBERNETES_SERVICE_HOST/PORT, the service-account
 * directory with the token and namespace; its CA comes in through NODE_EXTRA_CA_CERTS).
 */
export async function loadBootstrapConfig(
  env: Readonly<Record<string, string | undefined>>,
): Promise<BootstrapConfig> {
  const parsed = parseEnv(schema, env);
  const host = parsed.KUBERNETES_SERVICE_HOST.includes(':')
    ? `[${parsed.KUBERNETES_SERVICE_HOST}]`
    : parsed.KUBERNETES_SERVICE_HOST;
  const read = async (file: string) => {
    try {
      return (await readFile(join(parsed.SERVICE_ACCOUNT_DIR, file), 'utf8')).trim();
    } catch {
      throw new ConfigError(
        'SERVICE_ACCOUNT_DIR',
        `holds no ${file}: the Job mounts its service-account token`,
      );
    }
  };
  return {
    fga: {
      apiUrl: parsed.FGA_API_URL.replace(/\/+$/, ''),
      ...(parsed.FGA_API_TOKEN ? { apiToken: parsed.FGA_API_TOKEN } : {}),
      timeoutMs: parsed.FGA_TIMEOUT_MS,
    },
    storeName: parsed.FGA_STORE_NAME,
    waitMs: parsed.FGA_WAIT_SECONDS * 1000,
    modelFile: parsed.AUTHZ_MODEL_FILE,
    configMap: {
      apiUrl: `https://${host}:${parsed.KUBERNETES_SERVICE_PORT}`,
      token: await read('token'),
      namespace: await read('namespace'),
      name: parsed.STORE_CONFIG_MAP,
    },
  };
}
