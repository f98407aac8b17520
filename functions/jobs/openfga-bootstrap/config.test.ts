import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBootstrapConfig } from './config.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sa-'));
  await writeFile(join(dir, 'token'), 'the-token\n');
  await writeFile(join(dir, 'namespace'), 'hoi-platform');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const env = () => ({
  FGA_API_URL: 'http://openfga.hoi-platform.svc.cluster.local:8080/',
  FGA_API_TOKEN: 'preshared-key',
  FGA_STORE_NAME: 'hoi-platform',
  KUBERNETES_SERVICE_HOST: '10.96.0.1',
  SERVICE_ACCOUNT_DIR: dir,
});

describe('loadBootstrapConfig', () => {
  it("reads OpenFGA's settings and the API server as Kubernetes gives it to a pod", async () => {
    expect(await loadBootstrapConfig(env())).toEqual({
      fga: {
        apiUrl: 'http://openfga.hoi-platform.svc.cluster.local:8080',
        apiToken: 'preshared-key',
        timeoutMs: 10_000,
      },
      storeName: 'hoi-platform',
      waitMs: 300_000,
      modelFile: 'dist/authorization-model.json',
      configMap: {
        apiUrl: 'https://10.96.0.1:443',
        token: 'the-token',
        namespace: 'hoi-platform',
        name: 'openfga-store',
      },
    });
  });

  it('brackets an IPv6 API server address', async () => {
    const config = await loadBootstrapConfig({
      ...env(),
      KUBERNETES_SERVICE_HOST: 'fd00::1',
      KUBERNETES_SERVICE_PORT: '6443',
    });
    expect(config.configMap.apiUrl).toBe('https://[fd00::1]:6443');
  });

  it('names the variable that is missing or wrong', async () => {
    await expect(loadBootstrapConfig({ ...env(), FGA_STORE_NAME: undefined })).rejects.toThrow(
      'FGA_STORE_NAME is required',
    );
    await expect(loadBootstrapConfig({ ...env(), KUBERNETES_SERVICE_HOST: undefined })).rejects.toThrow(
      'KUBERNETES_SERVICE_HOST is required',
    );
    await expect(loadBootstrapConfig({ ...env(), SERVICE_ACCOUNT_DIR: join(dir, 'none') })).rejects.toThrow(
      'SERVICE_ACCOUNT_DIR holds no token: the Job mounts its service-account token',
    );
  });
});
