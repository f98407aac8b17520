import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDevIssuer } from '../../functions/runtime/auth/dev-issuer.ts';
import { type RunningServer, serveApp } from '../../functions/runtime/http/serve.ts';
import { createSandboxApp } from '../../functions/sandbox/app.ts';
import { generateSandboxData } from '../../functions/sandbox/data/generate.ts';
import { personas } from '../../functions/sandbox/data/personas.ts';
import { ROOT } from './support/world.ts';

/**
 * POL-006.12 with a real kill: `correspondence` as its own process (`npm run
 * function -- correspondence`, PGlite in a directory), SIGKILLed after it
 * accepted a message and again while it is handing one to the VANS peer, then
 * started again on the same directory. Each message is acknowledged, and the
 * peer holds each once (one envelope).
 */
const data = generateSandboxData({ today: new Date() });
const caseworker = personas(data).find((p) => p.key === 'caseworker')!;
const child = data.children.find((c) => c.cpr === caseworker.demoChildCpr)!;
const OUTBOX = 'o'.repeat(40);

let dir = '';
let sandbox: RunningServer;
let peerUrl = '';
let token = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hoi-correspondence-kill-'));
  sandbox = await serveApp(createSandboxApp(data), {
    port: 0,
    hostname: '127.0.0.1',
    signals: [],
    drainMs: 100,
  });
  peerUrl = `http://127.0.0.1:${sandbox.port}`;
  token = await (await openDevIssuer(join(dir, 'dev-key.json'))).sign(caseworker);
}, 60_000);
afterAll(async () => {
  await sandbox?.shutdown();
  await rm(dir, { recursive: true, force: true });
});

interface Running {
  readonly url: string;
  readonly child: ChildProcess;
  /** Its start's log line. */
  readonly listening: { readonly port: number; readonly startMs: number; readonly startSteps: string };
}

async function start(): Promise<Running> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      join(ROOT, 'node_modules/tsx/dist/loader.mjs'),
      'functions/local/run-one.ts',
      'correspondence',
    ],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        AUTHZ_MODE: 'embedded',
        AUTH_DEV_KEY_FILE: join(dir, 'dev-key.json'),
        PSEUDONYM_KEY: '07'.repeat(32),
        UPSTREAM_BASE_URL: peerUrl,
        PGLITE_DIR: join(dir, 'pglite'),
        GATEWAY_TOKEN: 'g'.repeat(40),
        OUTBOX_TOKEN: OUTBOX,
        CORRESPONDENCE_DELIVER_AFTER_SEND: 'false',
        CORRESPONDENCE_LEASE_MS: '1000',
        CORRESPONDENCE_RETRY_BASE_MS: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => {
    stderr += c;
  });
  const listening = await new Promise<Running['listening']>((resolve, reject) => {
    let partial = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      for (const line of lines)
        if (line.includes('"listening"')) resolve(JSON.parse(line) as Running['listening']);
    });
    child.once('exit', (code) =>
      reject(new Error(`correspondence exited (${code}):\n${stderr.slice(-2000)}`)),
    );
  });
  return { url: `http://127.0.0.1:${listening.port}`, child, listening };
}

async function killHard(running: Running): Promise<void> {
  const exited = new Promise((resolve) => running.child.once('exit', resolve));
  running.child.kill('SIGKILL');
  await exited;
}

const post = async (base: string, path: string, body: unknown, bearer: string) => {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const peer = async () =>
  (await (await fetch(`${peerUrl}/vans/v1/deliveries`)).json()) as {
    received: number;
    deliveries: { messageId: string; envelopes: number; handedOver: number }[];
  };
const behave = (body: object) =>
  fetch(`${peerUrl}/vans/v1/behaviour`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('correspondence killed and started again (its own process, PGlite on disk)', () => {
  it('POL-006.12: killed after accepting and again mid-delivery, each message is delivered exactly once once it runs again', async () => {
    const message = {
      cpr: caseworker.demoChildCpr,
      purpose: 'care_coordination',
      receiver: { sor: child.gpClinicSor },
      category: 'psychiatry-social-disability',
      topic: 'Samarbejde',
      text: 'Kan vi aftale et møde om barnet?',
      contactPhone: '99311111',
    };
    let running = await start();
    // Its start says where the time went, on the process clock: a cold start's parts, in its log.
    expect(running.listening.startMs).toBeGreaterThan(0);
    expect(running.listening.startSteps).toMatch(
      /^entry \d+, telemetry and server \d+, code \d+, kit \d+ \((\w+ \d+, )*database \d+(, \w+ \d+)*\), listening \d+$/,
    );
    const first = await post(running.url, '/v1/messages', message, token);
    expect(first.status).toBe(202);
    // Killed at once: accepted (202), nothing delivered yet.
    await killHard(running);

    running = await start();
    const second = await post(running.url, '/v1/messages', message, token);
    expect(second.status).toBe(202);
    // The peer takes its time: the outbox run is mid-send (both messages claimed) when the process dies.
    await behave({ mode: 'unavailable', delayMs: 20_000, times: 1 });
    const before = (await peer()).received;
    void fetch(`${running.url}/jobs/v1/outbox/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${OUTBOX}` },
    }).catch(() => undefined);
    await vi.waitFor(async () => expect((await peer()).received).toBeGreaterThan(before), {
      timeout: 10_000,
      interval: 25,
    });
    await killHard(running);

    running = await start();
    try {
      // The dead worker's lease runs out; then the run takes both messages up again with the same ids.
      await vi.waitFor(
        async () => {
          const run = await post(running.url, '/jobs/v1/outbox/run', {}, OUTBOX);
          expect(run.body.tasks).toMatchObject({ done: 2 });
        },
        { timeout: 15_000, interval: 250 },
      );
      for (const sent of [first.body, second.body]) {
        const status = await post(
          running.url,
          '/v1/messages/status',
          { id: sent.id, cpr: caseworker.demoChildCpr, purpose: 'care_coordination' },
          token,
        );
        expect(status.body).toMatchObject({ status: 'acknowledged' });
        const at = (await peer()).deliveries.filter((d) => d.messageId === sent.messageId);
        expect(at).toEqual([{ messageId: sent.messageId, envelopes: 1, handedOver: 1 }]);
      }
    } finally {
      await killHard(running);
    }
  }, 120_000);
});
