import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bundle, bundle, discoverJobs } from './build.ts';
import { spawnNode } from './run-bundle.ts';

const root = resolve(import.meta.dirname, '../..');
const TOKEN = 'bundle-test-token-0123456789abcdef';

/** Runs a job bundle to its end with only `env`; answers its exit code and output. */
function runJob(file: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawnNode([file], { env, cwd: root });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((done) => child.once('close', (code) => done({ code, output })));
}

describe('job bundles (npm run build)', () => {
  let outDir: string;
  let bundles: Bundle[];
  let server: Server;
  let base: string;
  const authorizations: (string | undefined)[] = [];

  beforeAll(async () => {
    await mkdir(join(root, '.cache'), { recursive: true });
    outDir = await mkdtemp(join(root, '.cache', 'jobs-test-'));
    bundles = await bundle(await discoverJobs(root), outDir);
    server = createServer((req, res) => {
      authorizations.push(req.headers.authorization);
      const ok = req.url === '/v1/sync';
      res.writeHead(ok ? 200 : 409, { 'content-type': 'application/json' });
      res.end(ok ? '{"written":1,"deleted":0,"unchanged":3}' : '{"code":"sync_in_progress"}');
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((closed) => server?.close(() => closed()));
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  const file = (name: string) => bundles.find((b) => b.name === name)!.file;

  it('bundles every functions/jobs/<name>/main.ts', () => {
    expect(bundles.map((b) => b.name).sort()).toEqual([
      'audit-checkpoint',
      'openfga-bootstrap',
      'scheduled-call',
    ]);
  });

  it('scheduled-call exits 0 on a 2xx answer and prints the report, not the token', async () => {
    const { code, output } = await runJob(file('scheduled-call'), {
      CALL_URL: `${base}/v1/sync`,
      CALL_TOKEN: TOKEN,
    });
    expect(code).toBe(0);
    expect(authorizations.at(-1)).toBe(`Bearer ${TOKEN}`);
    expect(JSON.parse(output)).toMatchObject({
      level: 'info',
      msg: 'answered: {"written":1,"deleted":0,"unchanged":3}',
      function: 'scheduled-call',
      status: 200,
    });
    expect(output).not.toContain(TOKEN);
  });

  it('scheduled-call exits 1 on a refusal and on a bad variable, naming it', async () => {
    const refused = await runJob(file('scheduled-call'), { CALL_URL: `${base}/v1/busy`, CALL_TOKEN: TOKEN });
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.output)).toMatchObject({
      level: 'error',
      status: 409,
      code: 'sync_in_progress',
    });
    const misconfigured = await runJob(file('scheduled-call'), { CALL_TOKEN: TOKEN });
    expect(misconfigured.code).toBe(1);
    expect(JSON.parse(misconfigured.output)).toMatchObject({ level: 'fatal', msg: 'CALL_URL is required' });
  });

  it('audit-checkpoint signs the head of a PGlite audit log into its directory, and names a missing variable', async () => {
    const work = await mkdtemp(join(outDir, 'audit-'));
    const env = {
      PGLITE_DIR: join(work, 'audit'),
      AUDIT_CHECKPOINT_DIR: join(work, 'checkpoints'),
      AUDIT_CHECKPOINT_KEY: 'ab'.repeat(32),
    };
    await mkdir(env.PGLITE_DIR);
    const { code, output } = await runJob(file('audit-checkpoint'), env);
    expect(code).toBe(0);
    expect(JSON.parse(output)).toMatchObject({
      level: 'info',
      function: 'audit-checkpoint',
      msg: expect.stringMatching(/^checkpoint written: 0 records \(0 new\), key [0-9a-f]{16}$/),
    });
    expect(output).not.toContain(env.AUDIT_CHECKPOINT_KEY);
    expect(await readdir(env.AUDIT_CHECKPOINT_DIR)).toEqual(['checkpoint-0000000000000000.json']);
    const misconfigured = await runJob(file('audit-checkpoint'), { ...env, AUDIT_CHECKPOINT_KEY: '' });
    expect(misconfigured.code).toBe(1);
    expect(JSON.parse(misconfigured.output)).toMatchObject({
      level: 'fatal',
      msg: 'AUDIT_CHECKPOINT_KEY or AUDIT_CHECKPOINT_PUBLIC_KEY is required',
    });
  });

  it('openfga-bootstrap starts and exits 1 naming the variable it lacks', async () => {
    const { code, output } = await runJob(file('openfga-bootstrap'), { FGA_API_URL: 'http://127.0.0.1:9' });
    expect(code).toBe(1);
    expect(JSON.parse(output)).toMatchObject({
      level: 'fatal',
      function: 'openfga-bootstrap',
      msg: 'FGA_STORE_NAME is required',
    });
  });
});
