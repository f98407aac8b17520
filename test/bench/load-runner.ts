/**
 * autocannon as a process of its own, for http-load.ts: reads its settings
 * from the JSON file its argument names and prints autocannon's result as
 * JSON. Requests go out in the order of the settings' cycle, from `startAt`,
 * one cycle shared by every connection: consecutive requests ask about
 * different children, as different clinicians' lookups would, and a child
 * comes round again only after the whole cycle (no server cache answers a
 * request it has just seen from another connection).
 * Run by Node itself (type stripping), so it holds erasable TypeScript only.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

export interface CycledRequest {
  readonly method: 'GET' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface RunnerSettings {
  readonly url: string;
  readonly connections: number;
  readonly durationSec: number;
  readonly requests: readonly CycledRequest[];
  readonly startAt: number;
}

const settings = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as RunnerSettings;
if (settings.requests.length === 0) throw new Error('load-runner: no request to send');
let next = settings.startAt;
const result = await autocannon({
  url: settings.url,
  connections: settings.connections,
  duration: settings.durationSec,
  requests: [
    {
      setupRequest: (request) => {
        const cycled = settings.requests[next++ % settings.requests.length]!;
        return { ...request, ...cycled, headers: { ...cycled.headers } };
      },
    },
  ],
});
process.stdout.write(JSON.stringify(result));
