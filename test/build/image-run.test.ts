import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDevIssuer } from '../../functions/runtime/auth/dev-issuer.ts';
import { generateSandboxData } from '../../functions/sandbox/data/generate.ts';
import { personas } from '../../functions/sandbox/data/personas.ts';

/**
 * The function image as CI builds it (`.ci/image-build`; .ci/run sets HOI_IMAGE and CONTAINERS_CONF): its user,
 * entrypoint and size, a root file system nothing can write to outside /tmp, and
 * case-lookup answering an authorized search from it, read-only as user 65532, with the
 * sandbox's upstreams served from the same image.
 */
const IMAGE = process.env.HOI_IMAGE;
// The audit log's PostgreSQL (.ci/with-services): the image carries no PGlite, as no cluster runs one.
const POSTGRES_URL = process.env.HOI_TEST_POSTGRES_URL;
const podmanRuns = spawnSync('podman', ['--version']).status === 0;
const SEED = 851;
// crun and the default rlimits are refused in this sandbox (STACK-NOTES.md); CONTAINERS_CONF sets no ulimits.
// As Kubernetes runs it (readOnlyRootFilesystem, an emptyDir at /tmp): podman's own tmpfs on /run and /var/tmp off.
const RUN = [
  'run',
  '--runtime',
  'runc',
  '--rm',
  '--read-only',
  '--read-only-tmpfs=false',
  '--tmpfs',
  '/tmp',
  '--user',
  '65532:65532',
  '--network',
  'host',
];
const podman = (...args: string[]) => execFileSync('podman', args, { encoding: 'utf8' }).trim();

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

async function waitFor(url: string, init?: RequestInit): Promise<Response> {
  const until = Date.now() + 60_000;
  for (;;) {
    try {
      return await fetch(url, init);
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

describe('the function image, built and run', () => {
  if (!IMAGE || !podmanRuns || !POSTGRES_URL) {
    const missing = !podmanRuns
      ? 'podman'
      : !IMAGE
        ? 'HOI_IMAGE (an image built by .ci/image-build)'
        : 'HOI_TEST_POSTGRES_URL (.ci/with-services)';
    if (process.env.CI) {
      it(`needs ${missing}`, () => {
        throw new Error(`missing ${missing}: run .ci/image-build`);
      });
    } else it.skip(`skipped: needs ${missing} (run .ci/image-build)`, () => {});
    return;
  }
  const containers: string[] = [];
  const work = mkdtempSync(join(tmpdir(), 'hoi-image-'));
  chmodSync(work, 0o755);
  afterAll(() => {
    for (const id of containers) spawnSync('podman', ['rm', '-f', id]);
    rmSync(work, { recursive: true, force: true });
  });

  it('runs node as user 65532 with case-lookup as the default command, in under 400 MB', () => {
    const [config] = JSON.parse(podman('image', 'inspect', IMAGE)) as {
      Config: { User: string; Entrypoint: string[]; Cmd: string[] };
      Size: number;
    }[];
    expect(config!.Config.User).toBe('65532:65532');
    expect(config!.Config.Entrypoint).toEqual(['node']);
    expect(config!.Config.Cmd).toEqual(['dist/case-lookup.js']);
    console.log(`image-run: ${IMAGE} is ${Math.round(config!.Size / 1e6)} MB`);
    expect(config!.Size).toBeLessThan(400e6);
  });

  it('lets the process write nothing outside /tmp', () => {
    const script = `
      const fs = require('node:fs');
      const writable = [];
      const walk = (dir, depth) => {
        if (['/proc', '/sys', '/dev', '/tmp'].includes(dir) || depth > 6) return;
        try { fs.accessSync(dir, fs.constants.W_OK); writable.push(dir); } catch {}
        let entries = [];
        try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { return; }
        for (const e of entries) if (e.isDirectory()) walk((dir === '/' ? '' : dir) + '/' + e.name, depth + 1);
      };
      walk('/', 0);
      fs.writeFileSync('/tmp/probe', 'ok');
      console.log(JSON.stringify({ writable, tmp: fs.readFileSync('/tmp/probe', 'utf8') }));`;
    const out = JSON.parse(podman(...RUN, IMAGE, '-e', script));
    expect(out).toEqual({ writable: [], tmp: 'ok' });
  });

  it('carries no PGlite: case-lookup without DATABASE_URL stops at start, saying what to set', () => {
    const run = spawnSync(
      'podman',
      [
        ...RUN,
        ...['-e', 'AUTHZ_MODE=embedded', '-e', `PSEUDONYM_KEY=${'ab'.repeat(32)}`],
        ...['-e', 'UPSTREAM_BASE_URL=http://127.0.0.1:9', '-e', 'AUTH_HEALTH_ISSUER=https://sts.example'],
        ...['-e', 'AUTH_HEALTH_AUDIENCE=hoi-platform', IMAGE],
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.status).toBe(1);
    expect(run.stdout + run.stderr).toContain(
      "PGlite is for local runs only: set DATABASE_URL to the audit log's PostgreSQL",
    );
    // Every package is inside the bundles: the image has no node_modules at all.
    const listed = podman(...RUN, IMAGE, '-e', 'console.log(require("fs").existsSync("node_modules"))');
    expect(listed.trim()).toBe('false');
  });

  it('answers an authorized search from case-lookup, read-only as user 65532', async () => {
    const [sandboxPort, lookupPort] = [await freePort(), await freePort()];
    const keyFile = join(work, 'dev-key.json');
    const issuer = await openDevIssuer(keyFile);
    chmodSync(keyFile, 0o644);
    const gp = personas(generateSandboxData({ seed: SEED })).find((p) => p.key === 'gp')!;
    containers.push(
      podman(
        ...RUN.filter((a) => a !== '--rm'),
        '-d',
        '-e',
        `PORT=${sandboxPort}`,
        '-e',
        `SANDBOX_SEED=${SEED}`,
        IMAGE,
        'dist/sandbox.js',
      ),
    );
    containers.push(
      podman(
        ...RUN.filter((a) => a !== '--rm'),
        '-d',
        '-v',
        `${keyFile}:/run/hoi/dev-key.json:ro`,
        ...['-e', `PORT=${lookupPort}`, '-e', 'AUTHZ_MODE=embedded', '-e', `DATABASE_URL=${POSTGRES_URL}`],
        ...[
          '-e',
          `UPSTREAM_BASE_URL=http://127.0.0.1:${sandboxPort}`,
          '-e',
          'AUTH_DEV_KEY_FILE=/run/hoi/dev-key.json',
        ],
        ...['-e', `PSEUDONYM_KEY=${randomBytes(32).toString('hex')}`],
        IMAGE,
      ),
    );
    await waitFor(`http://127.0.0.1:${sandboxPort}/health/liveness`);
    const ready = await waitFor(`http://127.0.0.1:${lookupPort}/health/readiness`);
    expect(ready.status).toBe(200);
    const response = await fetch(`http://127.0.0.1:${lookupPort}/v1/relevant-cases/search`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await issuer.sign(gp)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ cpr: gp.demoChildCpr, purpose: 'treatment' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ hasRelevantCase: true });
    const [user] = podman(
      'exec',
      containers[1]!,
      'node',
      '-e',
      'console.log(process.getuid()+":"+process.getgid())',
    ).split('\n');
    expect(user).toBe('65532:65532');
    console.log(`image-run: case-lookup answered an authorized search from ${IMAGE} as ${user}`);
  }, 120_000);
});
