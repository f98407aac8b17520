import { describe, expect, it, vi } from 'vitest';
import { manifest as caseLookup } from '../case-lookup/manifest.ts';
import { CPR_SHAPED } from '../runtime/cpr/cpr.ts';
import { generateSandboxData } from '../sandbox/data/generate.ts';
import { EXAMPLES, printWelcome, tryIt } from './welcome.ts';

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
    expect(paths).toEqual(['/v1/messages', '/v1/inbox/list', '/v1/messages/status', '/v1/threads/search']);
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
