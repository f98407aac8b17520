import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { manifest as caseLookup } from '../case-lookup/manifest.ts';
import { openDevIssuer } from '../runtime/auth/dev-issuer.ts';
import { CPR_SHAPED } from '../runtime/cpr/cpr.ts';
import { createLogger } from '../runtime/log/logger.ts';
import { generateSandboxData } from '../sandbox/data/generate.ts';
import { personas } from '../sandbox/data/personas.ts';
import { demoChildCpr } from './demo-child.ts';
import { EXAMPLES } from './examples.ts';
import { type LocalPlatform, startLocalPlatform } from './start-platform.ts';
import { printWelcome, tryIt } from './welcome.ts';

const captured = () => {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
  return { text: () => lines.join('\n'), restore: () => spy.mockRestore() };
};

describe('the npm start banner', () => {
  it('POL-001.7: prints no bearer token and no CPR number, only commands that fetch them when run', () => {
    const out = captured();
    try {
      printWelcome('http://127.0.0.1:8080', {
        data: generateSandboxData(),
        functions: [caseLookup],
        failures: [],
      });
    } finally {
      out.restore();
    }
    const text = out.text();
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]+\./);
    expect(CPR_SHAPED.test(text)).toBe(false);
    expect(text).toContain('$(npm run -s dev:token -- gp)');
    expect(text).toContain('$(npm run -s dev:child -- gp)');
    expect(text).toContain('http://127.0.0.1:8080/case-lookup/v1/relevant-cases/search');
  });

  it('writes a curl whose body is valid JSON once the shell has filled in the CPR number', () => {
    const command = tryIt('http://h', {
      title: 't',
      persona: 'gp',
      fn: 'case-lookup',
      path: '/v1/x',
      body: {
        purpose: 'treatment',
        override: { reason: 'citizen_consent', justification: 'Guardian consented by phone just now' },
      },
      answers: { status: 200 },
    });
    const data = /-d "(.*)"$/
      .exec(command)![1]!
      .replaceAll('\\"', '"')
      .replace('$(npm run -s dev:child -- gp)', '7501167470');
    expect(JSON.parse(data)).toEqual({
      cpr: '7501167470',
      purpose: 'treatment',
      override: { reason: 'citizen_consent', justification: 'Guardian consented by phone just now' },
    });
  });

  it('lists a function that could not start with its reason, and offers no command for it', () => {
    const out = captured();
    try {
      printWelcome('http://h', {
        data: generateSandboxData(),
        functions: [caseLookup],
        failures: [{ name: 'case-lookup', failure: 'FGA_API_URL is required' }],
      });
    } finally {
      out.restore();
    }
    expect(out.text()).toContain('case-lookup      not started here: FGA_API_URL is required');
    expect(out.text()).not.toContain('curl');
  });

  it('offers correspondence commands to send, read the inbox, a message’s status and the thread; the status one fills in the newest message’s id when run', () => {
    const paths = EXAMPLES.filter((e) => e.fn === 'correspondence').map((e) => e.path);
    expect(paths).toEqual([
      '/v1/messages',
      '/v1/inbox/list',
      '/v1/messages/status',
      '/v1/threads/search',
      '/v1/threads/search',
    ]);
    const status = EXAMPLES.find((e) => e.path === '/v1/messages/status')!;
    const command = tryIt('http://h', status, generateSandboxData());
    const inner =
      /\$\((curl -s -X POST http:\/\/h\/correspondence\/v1\/inbox\/list .*?messages\[0\]\.id'\))/.exec(
        command,
      );
    expect(inner?.[1]).toContain(`-d '{"purpose":"care_coordination","limit":1}'`);
    const data = /-d "(.*)"$/
      .exec(command)![1]!
      .replace(/\$\(curl .*?messages\[0\]\.id'\)/, '3bbe24a8-3fef-4bd0-8719-2b91fd4bc18e')
      .replaceAll('\\"', '"')
      .replace('$(npm run -s dev:child -- caseworker)', '7501167470');
    expect(JSON.parse(data)).toEqual({
      cpr: '7501167470',
      id: '3bbe24a8-3fef-4bd0-8719-2b91fd4bc18e',
      purpose: 'care_coordination',
    });
  });
});

/**
 * The banner's promise, kept: the platform as `npm start` runs it (in this
 * process, PGlite in memory, a throw-away dev key), and every command the
 * banner prints sent as the shell would send it — the token and the child
 * filled in by what `npm run dev:token` and `npm run dev:child` print — in the
 * printed order, answering the status (and code or type) printed beside it.
 */
describe('the banner’s examples, on the local platform', () => {
  let dir = '';
  let platform: LocalPlatform;
  let sign: (persona: string) => Promise<string>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hoi-welcome-'));
    const keyFile = join(dir, 'dev-idp-key.json');
    const secret = () => randomBytes(32).toString('hex');
    platform = await startLocalPlatform({
      port: 0,
      logger: createLogger({ write: () => {} }),
      signals: [],
      env: {
        AUTHZ_MODE: 'embedded',
        AUTH_DEV_KEY_FILE: keyFile,
        PSEUDONYM_KEY: secret(),
        SYNC_TOKEN: secret(),
        GATEWAY_TOKEN: secret(),
        OUTBOX_TOKEN: secret(),
      },
    });
    const issuer = await openDevIssuer(keyFile);
    const list = personas(platform.data);
    sign = (key) => issuer.sign(list.find((p) => p.key === key)!);
  }, 120_000);
  afterAll(async () => {
    await platform?.server.shutdown();
    await rm(dir, { recursive: true, force: true });
  });

  it('POL-001.7, POL-007.13: every printed command answers as the banner says, and each persona has one', async () => {
    const out = captured();
    try {
      printWelcome(platform.base, platform);
    } finally {
      out.restore();
    }
    const lines = out.text().split('\n');
    const tried = lines.flatMap((line, i) => {
      const said = /→ (\d{3})(?: (\S+))?$/.exec(line);
      return line.startsWith('# ') && said ? [{ title: line, said, command: lines[i + 1]! }] : [];
    });
    expect(tried).toHaveLength(EXAMPLES.length);
    const shell =
      /^curl -s -X POST (\S+) -H 'content-type: application\/json' -H "authorization: Bearer \$\(npm run -s dev:token -- (\S+)\)" -d "(.*)"$/;
    const answers: string[] = [];
    for (const { title, said, command } of tried) {
      const [, url, persona, quoted] = shell.exec(command) ?? [];
      expect(url, command).toBeDefined();
      // A field the shell fills from another command (the newest inbox message's id): asked here the same way.
      let filled = quoted!;
      const inner =
        /\$\(curl -s -X POST (\S+) .*?dev:token -- (\S+)\)" -d '([^']*)' \| node -pe '[^']*'\)/.exec(filled);
      if (inner) {
        const listed = await fetch(inner[1]!, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${await sign(inner[2]!)}` },
          body: inner[3]!,
        });
        const { messages } = (await listed.json()) as { messages: { id: string }[] };
        filled = filled.replace(inner[0], messages[0]!.id);
      }
      const body = filled
        .replaceAll('\\"', '"')
        .replace(/\$\(npm run -s dev:child -- (\S+)(?: (\S+))?\)/, (_all, who: string, demo?: string) => {
          const child = demoChildCpr(platform.data, who, demo);
          if (!child.ok) throw new Error(child.usage);
          return child.cpr;
        });
      const res = await fetch(url!, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await sign(persona!)}` },
        body,
      });
      const text = await res.text();
      const type = res.headers.get('content-type') ?? '';
      const code = type.includes('problem+json') ? (JSON.parse(text) as { code: string }).code : undefined;
      const second = said[2];
      answers.push(`${title}: ${res.status}${code ? ` ${code}` : ''}`);
      expect(res.status, `${title}\n${text.slice(0, 300)}`).toBe(Number(said[1]));
      if (second?.includes('/')) expect(type, title).toContain(second);
      else expect(code, title).toBe(second);
    }
    const shown = new Set(tried.map((t) => /Bearer \$\(npm run -s dev:token -- (\S+)\)/.exec(t.command)![1]));
    expect([...shown].sort()).toEqual(
      personas(platform.data)
        .map((p) => p.key)
        .sort(),
    );
    expect(answers.join('\n')).not.toMatch(CPR_SHAPED);
  }, 120_000);
});
