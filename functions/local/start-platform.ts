import type { FunctionManifest } from '../kit/define-function.ts';
import { findFunctions } from '../kit/find-functions.ts';
import { openDevIssuer } from '../runtime/auth/dev-issuer.ts';
import { type RunningServer, serveApp } from '../runtime/http/serve.ts';
import { withAccessLog } from '../runtime/log/access-log.ts';
import type { Logger } from '../runtime/log/logger.ts';
import { loadSandboxConfig } from '../sandbox/config.ts';
import type { SandboxData } from '../sandbox/data/schema.ts';
import { limitConcurrency } from './concurrency-limit.ts';
import { DEV_EHR, devEhrApp, PORTAL_CLIENT_ID } from './dev-ehr.ts';
import { DEV_KEY_FILE, localPortalSessionKey } from './local-keys.ts';
import { type MountedFunctions, mountFunctions } from './mount-functions.ts';
import { LOCAL_BROKER_PATH, platformRouter } from './router.ts';

export interface LocalPlatform {
  readonly base: string;
  readonly port: number;
  readonly data: SandboxData;
  readonly functions: readonly FunctionManifest[];
  readonly failures: readonly { readonly name: string; readonly failure?: string }[];
  readonly server: RunningServer;
}

/**
 * Every function found under `functions/`, each under `/<function-name>/` of
 * one server, the sandbox upstreams first (the others read the organisation
 * from them at start): what `npm start` runs, and what the banner's test asks.
 * `env` are the platform's defaults; the base URL of the sandbox is added once
 * the port is known. Stopping the server closes every function.
 */
export async function startLocalPlatform(options: {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly port: number;
  readonly hostname?: string;
  readonly logger: Logger;
  /** @default the process's SIGTERM and SIGINT */
  readonly signals?: readonly NodeJS.Signals[];
  readonly onStopped?: () => Promise<void>;
}): Promise<LocalPlatform> {
  const found = await findFunctions();
  const router = platformRouter(
    [...found.map((f) => f.manifest.name), DEV_EHR],
    found.flatMap((f) => (f.manifest.triggers ?? []).map((t) => ({ fn: f.manifest.name, ...t }))),
  );
  let started: MountedFunctions[] = [];
  const server = await serveApp(router.app, {
    port: options.port,
    hostname: options.hostname ?? '127.0.0.1',
    ...(options.signals ? { signals: options.signals } : {}),
    onShutdown: async () => {
      for (const group of started) await group.close();
      await options.onStopped?.();
    },
  });
  const base = `http://127.0.0.1:${server.port}`;
  const env = {
    UPSTREAM_BASE_URL: `${base}/sandbox`,
    // The portal calls the functions over this platform's port and trusts the dev record system's launches.
    PORTAL_PUBLIC_URL: `${base}/portal`,
    PORTAL_FUNCTION_URL_TEMPLATE: `${base}/{function}`,
    PORTAL_LAUNCH_ISSUERS: `${base}/${DEV_EHR}`,
    PORTAL_CLIENT_ID,
    PORTAL_SESSION_KEY: await localPortalSessionKey(),
    // Events go to the platform's own Broker stand-in, as a SinkBinding would point them at the Broker.
    K_SINK: `${base}${LOCAL_BROKER_PATH}`,
    ...options.env,
    PORT: String(server.port),
  };
  const mount = (group: MountedFunctions) => {
    started = [group, ...started];
    for (const { name, app, failure } of group.mounted) {
      // One instance of each, as many requests inside at once as its Knative Service lets in.
      const concurrency = found.find((f) => f.manifest.name === name)!.manifest.scaling.containerConcurrency;
      if (app)
        router.mount(
          name,
          limitConcurrency(withAccessLog(app, { logger: options.logger, function: name }), concurrency),
        );
      else router.fail(name, failure!);
    }
    return group;
  };
  const sandboxes = mount(
    await mountFunctions(
      found.filter((f) => f.manifest.sandbox),
      env,
    ),
  );
  const functions = mount(
    await mountFunctions(
      found.filter((f) => !f.manifest.sandbox),
      env,
    ),
  );
  const { data } = loadSandboxConfig(env);
  router.mount(
    DEV_EHR,
    withAccessLog(
      devEhrApp({
        ehrUrl: `${base}/${DEV_EHR}`,
        portalUrl: env.PORTAL_PUBLIC_URL,
        clientId: env.PORTAL_CLIENT_ID,
        issuer: await openDevIssuer(DEV_KEY_FILE),
        data,
      }),
      { logger: options.logger, function: DEV_EHR },
    ),
  );
  return {
    base,
    port: server.port,
    data,
    functions: found.map((f) => f.manifest),
    failures: [...sandboxes.mounted, ...functions.mounted].filter((m) => m.failure),
    server,
  };
}
