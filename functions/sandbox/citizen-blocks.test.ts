import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizenBlocks } from '../contracts/citizen-blocks.ts';
import { parseCpr } from '../runtime/cpr/cpr.ts';
import type { AppError } from '../runtime/http/app-error.ts';
import { type RunningServer, serveApp } from '../runtime/http/serve.ts';
import { createSandboxApp } from './app.ts';
import { generateSandboxData } from './data/generate.ts';
import type { SandboxFault } from './faults.ts';

/** Min Spærring over real HTTP: the sandbox's blocks reach the adapter intact; a failed lookup is an error, never "no block". */
const data = generateSandboxData({ today: new Date('2026-11-25T00:00:00Z') });
const servers: RunningServer[] = [];
let healthy = '';
let failing = '';

beforeAll(async () => {
  const variants: SandboxFault[][] = [[], [{ route: 'POST /citizen-blocks/lookup', status: 500 }]];
  for (const faults of variants) {
    const running = await serveApp(createSandboxApp(data, { faults }), {
      port: 0,
      hostname: '127.0.0.1',
      signals: [],
      drainMs: 100,
    });
    servers.push(running);
  }
  healthy = `http://127.0.0.1:${servers[0]!.port}`;
  failing = `http://127.0.0.1:${servers[1]!.port}`;
});
afterAll(() => Promise.all(servers.map((s) => s.shutdown())));

const cprOf = (digits: string) => {
  const parsed = parseCpr(digits);
  if (!parsed.ok) throw new Error('sandbox numbers are valid');
  return parsed.cpr;
};

describe('Min Spærring in the sandbox', () => {
  it('gives about one child in ten a block of every kind, and the demo children none', () => {
    const blocked = data.children.filter((c) => c.blocks.length > 0);
    expect(blocked.length).toBeGreaterThan(data.children.length * 0.04);
    expect(blocked.length).toBeLessThan(data.children.length * 0.2);
    const kinds = new Set(
      blocked.flatMap((c) => c.blocks.map((b) => (b.kind === 'place' ? `place:${b.place.type}` : b.kind))),
    );
    expect([...kinds].sort()).toEqual(['period', 'place:gp_clinic', 'place:psychiatry_unit', 'professional']);
    expect(data.children.slice(0, 3).every((c) => c.blocks.length === 0)).toBe(true);
  });

  it('POL-008: the adapter returns the child’s blocks and an empty list for a child without', async () => {
    const blocks = createCitizenBlocks({ baseUrl: healthy, timeoutMs: 2000 });
    const child = data.children.find((c) => c.blocks.length > 0)!;
    expect(await blocks.blocksOf(cprOf(child.cpr))).toEqual(child.blocks);
    const free = data.children.find((c) => c.blocks.length === 0)!;
    expect(await blocks.blocksOf(cprOf(free.cpr))).toEqual([]);
  });

  it('POL-002.5: a failing Min Spærring is an error, not an empty list', async () => {
    const blocks = createCitizenBlocks({ baseUrl: failing, timeoutMs: 2000, retries: 0 });
    const error = (await blocks.blocksOf(cprOf(data.children[0]!.cpr)).catch((e: unknown) => e)) as AppError;
    expect({ status: error.status, code: error.code }).toEqual({ status: 502, code: 'upstream_error' });
  });
});
