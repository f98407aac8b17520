import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseContainerfile } from '../build/containerfile.ts';

/**
 * The root Containerfile, read as text: there is no container engine here, so
 * this does not build the image. It proves the structure the image relies on
 * (stages, pinned configurable base, numeric non-root user, what is copied);
 * test/build/image-run.test.ts builds and runs it where podman is.
 */
const root = join(import.meta.dirname, '../..');
const text = readFileSync(join(root, 'Containerfile'), 'utf8');

const instructions = parseContainerfile(text);
const inStage = (stage: string, keyword?: string) =>
  instructions.filter((i) => i.stage === stage && (!keyword || i.keyword === keyword));

describe('Containerfile (text-level; not built here)', () => {
  it('has two stages, both from the configurable NODE_IMAGE', () => {
    const froms = instructions.filter((i) => i.keyword === 'FROM').map((i) => i.args);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the Containerfile's own variable syntax
    const base = '${NODE_IMAGE}';
    expect(froms).toEqual([`${base} AS build`, `${base} AS runtime`]);
  });

  it('SOV-001/SOV-002: the base image is Node 24 slim pinned by digest, a placeholder that cannot be pulled', () => {
    const arg = instructions.find((i) => i.keyword === 'ARG' && i.args.startsWith('NODE_IMAGE='));
    expect(arg?.stage).toBe('');
    const ref = arg!.args.slice('NODE_IMAGE='.length);
    expect(ref).toMatch(
      /^[a-z0-9.-]+(:\d+)?\/[a-z0-9/._-]*node:24(\.\d+){0,2}-[a-z]+-slim@sha256:[0-9a-f]{64}$/,
    );
    // RFC 2606: .invalid never resolves, so a build that forgets to override fails.
    expect(ref.startsWith('registry.invalid/')).toBe(true);
    expect(text).toContain('--build-arg NODE_IMAGE=');
  });

  it('names no floating tag', () => {
    expect(text).not.toMatch(/:latest\b/i);
    expect(instructions.filter((i) => /\blatest\b/i.test(i.args))).toEqual([]);
  });

  it('build stage: npm ci from the lock file, then npm run build, leaving the source maps out of the image', () => {
    const runs = inStage('build', 'RUN').map((i) => i.args);
    expect(runs).toEqual(['npm ci --no-audit --no-fund', "npm run build && find dist -name '*.map' -delete"]);
    const copies = inStage('build', 'COPY').map((i) => i.args);
    expect(copies[0]).toBe('package.json package-lock.json ./');
    expect(copies).toEqual(
      expect.arrayContaining([
        'functions ./functions',
        'infra/build ./infra/build',
        'openfga/model ./openfga/model',
      ]),
    );
  });

  it('runtime: bundles, model and policies copied, no node_modules (every package is in the bundles)', () => {
    const copies = inStage('runtime', 'COPY').map((i) => i.args);
    expect(copies).toEqual([
      '--from=build /src/dist ./dist',
      'openfga/model ./openfga/model',
      'policies ./policies',
    ]);
    expect(instructions.map((i) => i.stage)).not.toContain('runtime-deps');
    expect(instructions.filter((i) => i.args.includes('node_modules') && i.stage === 'runtime')).toEqual([
      expect.objectContaining({
        keyword: 'RUN',
        args: expect.stringMatching(/^rm -rf \/usr\/local\/lib\/node_modules\/npm /),
      }),
    ]);
  });

  it('runs as a numeric non-root user, read-only-root friendly, node with the function as the command', () => {
    const users = inStage('runtime', 'USER').map((i) => i.args);
    expect(users).toHaveLength(1);
    const [uid, gid] = users[0]!.split(':').map(Number);
    expect(uid).toBeGreaterThan(0);
    expect(gid).toBeGreaterThan(0);
    const last = instructions.at(-1)!;
    const runtime = inStage('runtime');
    const user = runtime.findIndex((i) => i.keyword === 'USER');
    expect(user).toBeGreaterThan(runtime.findLastIndex((i) => i.keyword === 'COPY'));
    // The one step run as that user writes the compile cache, which Node keys by uid.
    expect(
      runtime
        .slice(user)
        .filter((i) => i.keyword === 'RUN')
        .map((i) => i.args),
    ).toEqual(['node dist/warm-compile-cache.js dist']);
    expect(instructions.filter((i) => i.keyword === 'VOLUME')).toEqual([]);
    const env = inStage('runtime', 'ENV')
      .map((i) => i.args)
      .join(' ');
    expect(env).toContain('HOME=/tmp');
    expect(env).toContain('AUTHZ_MODEL_FILE=dist/authorization-model.json');
    // What `npm run build` writes: functions start without the DSL or YAML parser.
    expect(env).toContain('AUTHZ_TUPLE_POLICY_FILE=dist/policies/tuple-storage.json');
    expect(env).toContain('RELEVANT_CASES_FILE=dist/policies/relevant-cases.json');
    expect(env).toContain('NODE_COMPILE_CACHE=/app/.compile-cache');
    expect(inStage('runtime', 'ENTRYPOINT').map((i) => i.args)).toEqual(['["node"]']);
    expect(last).toEqual({ keyword: 'CMD', args: '["dist/case-lookup.js"]', stage: 'runtime' });
    // The function the CMD names exists: a folder with its manifest and app.
    expect(existsSync(join(root, 'functions/case-lookup/manifest.ts'))).toBe(true);
    expect(existsSync(join(root, 'functions/case-lookup/app.ts'))).toBe(true);
  });

  it('keeps local state, secrets and output out of the build context, the same for podman and docker', () => {
    const ignore = readFileSync(join(root, '.containerignore'), 'utf8');
    expect(readFileSync(join(root, '.dockerignore'), 'utf8')).toBe(ignore);
    const lines = ignore.split('\n');
    for (const entry of ['**/node_modules', 'dist', 'infra/cdktf.out', '.cache', '.git', '.env', '.env.*']) {
      expect(lines).toContain(entry);
    }
  });
});
