import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTargets } from '../targets/index.ts';
import type { Target } from '../targets/schema.ts';
import type { KubernetesObject } from './knative-service.ts';
import { OPENFGA_GO_GC, OPENFGA_LOG_LEVEL, OPENFGA_MEMORY_LIMIT_MIB, openfga } from './openfga.ts';

const [selfHosted] = loadTargets(['self-hosted']);
const objects = openfga(selfHosted!);
const find = (kind: string) => objects.find((o) => o.kind === kind)!;
interface Container {
  image: string;
  args: string[];
  env: { name: string; value?: string; valueFrom?: unknown }[];
}
const containerOf = (o: KubernetesObject) =>
  (o.spec as { template: { spec: { containers: Container[] } } }).template.spec.containers[0]!;
const envOf = (o: KubernetesObject) =>
  Object.fromEntries(containerOf(o).env.map((e) => [e.name, e.value ?? e.valueFrom]));

describe('openfga', () => {
  it('runs the same OpenFGA release CI tests against, by digest from the target registry', () => {
    const ciVersion = /^OPENFGA_VERSION=(\S+)$/m.exec(
      readFileSync(resolve(import.meta.dirname, '../../.ci/versions.env'), 'utf8'),
    )?.[1];
    for (const target of loadTargets()) expect(target.images.openfga.version).toBe(ciVersion);
    expect(containerOf(find('Deployment')).image).toBe(
      `registry.aalborg.example/mirror/openfga/openfga@${selfHosted!.images.openfga.digest}`,
    );
  });

  it('uses PostgreSQL with the URI from the Secret CloudNativePG writes, playground off, pre-shared keys, caches on', () => {
    expect(envOf(find('Deployment'))).toEqual({
      OPENFGA_DATASTORE_ENGINE: 'postgres',
      OPENFGA_DATASTORE_URI: { secretKeyRef: { name: 'openfga-db-app', key: 'uri' } },
      OPENFGA_PLAYGROUND_ENABLED: 'false',
      OPENFGA_AUTHN_METHOD: 'preshared',
      OPENFGA_AUTHN_PRESHARED_KEYS: { secretKeyRef: { name: 'openfga-preshared-key', key: 'token' } },
      OPENFGA_CHECK_QUERY_CACHE_ENABLED: 'true',
      OPENFGA_CHECK_QUERY_CACHE_TTL: '10s',
      OPENFGA_CHECK_ITERATOR_CACHE_ENABLED: 'true',
      OPENFGA_LOG_FORMAT: 'json',
      GOGC: '400',
      GOMEMLIMIT: '409MiB',
      OPENFGA_LOG_LEVEL: 'none',
    });
    expect(containerOf(find('Deployment')).args).toEqual(['run']);
  });

  it("sets Go's soft memory limit below the container's, and CI's server runs with the same collector settings", () => {
    const deployment = containerOf(find('Deployment')) as Container & {
      resources: { limits: { memory: string } };
    };
    expect(deployment.resources.limits.memory).toBe(`${OPENFGA_MEMORY_LIMIT_MIB}Mi`);
    expect(Number.parseInt(OPENFGA_GO_GC.GOMEMLIMIT, 10)).toBeLessThan(OPENFGA_MEMORY_LIMIT_MIB);
    const withServices = readFileSync(resolve(import.meta.dirname, '../../.ci/with-services'), 'utf8');
    const run = /^(.*)"\$bin\/openfga" run /m.exec(withServices)?.[1];
    expect(run).toBe(`GOGC=${OPENFGA_GO_GC.GOGC} GOMEMLIMIT=${OPENFGA_GO_GC.GOMEMLIMIT} `);
  });

  it('POL-001.7: the server logs no request (OpenFGA logs a request whole, the child’s pseudonym and facts with it), and CI’s server runs at the same level', () => {
    expect(OPENFGA_LOG_LEVEL).toBe('none');
    expect(envOf(find('Deployment')).OPENFGA_LOG_LEVEL).toBe(OPENFGA_LOG_LEVEL);
    // The migrations carry no child data: their log stays.
    expect(envOf(find('Job')).OPENFGA_LOG_LEVEL).toBeUndefined();
    const withServices = readFileSync(resolve(import.meta.dirname, '../../.ci/with-services'), 'utf8');
    expect(
      /"\$bin\/openfga" run [^\n]*\n(?:[^\n]*\\\n)*?[^\n]*--log-level (\S+)/.exec(withServices)?.[1],
    ).toBe(OPENFGA_LOG_LEVEL);
  });

  it('migrates in a Job named after the release, so an upgrade runs a new one', () => {
    const job = find('Job');
    expect(job.metadata.name).toBe('openfga-migrate-v1-22-1');
    expect(containerOf(job).args).toEqual(['migrate']);
    expect(envOf(job).OPENFGA_DATASTORE_URI).toEqual(envOf(find('Deployment')).OPENFGA_DATASTORE_URI);
  });

  it('runs the replicas the target asks for, two by default', () => {
    const replicas = (t: Target) =>
      (openfga(t).find((o) => o.kind === 'Deployment')!.spec as { replicas: number }).replicas;
    expect(replicas(selfHosted!)).toBe(2);
    expect(replicas({ ...selfHosted!, openfgaReplicas: 4 })).toBe(4);
  });

  it('is reachable inside the cluster only (ClusterIP on 8080 and 8081)', () => {
    expect(find('Service').spec).toMatchObject({
      type: 'ClusterIP',
      ports: [
        { name: 'http', port: 8080 },
        { name: 'grpc', port: 8081 },
      ],
    });
  });
});
