/**
 * The requests `npm run bench` sends a child-access function (function-loads.ts),
 * signed by the local identity provider: the cycle its load sends in turn,
 * the first of them alone (cold start, idle memory), and the check, before
 * any load, that the answers measured are the intended ones.
 */
import type { Persona } from '../../functions/sandbox/data/personas.ts';
import type { SandboxData } from '../../functions/sandbox/data/schema.ts';
import type { FunctionLoad, UpstreamCall } from './function-loads.ts';
import type { CycledRequest } from './http-load.ts';

export interface FunctionRequest {
  readonly init: { readonly method: 'POST'; readonly headers: Record<string, string>; readonly body: string };
  /** The child the request asks about. */
  readonly cpr: string;
}

export interface FunctionRequests {
  readonly path: string;
  /** The load's persona about its demo child. */
  readonly first: FunctionRequest;
  /** What the load sends in turn. */
  readonly cycle: readonly FunctionRequest[];
}

/** How many of a cycle's requests are asked, evenly spread, before the load. */
const CHECKED = 24;

export async function functionRequests(
  load: FunctionLoad,
  people: readonly Persona[],
  data: SandboxData,
  sign: (persona: Persona) => Promise<string>,
): Promise<FunctionRequests> {
  const persona = people.find((p) => p.key === load.persona);
  if (!persona) throw new Error(`no ${load.persona} persona in the sandbox data`);
  const tokens = new Map<string, Promise<string>>();
  const requestOf = async (asker: Persona): Promise<FunctionRequest> => {
    const key = `${asker.subject}@${asker.organisation.id}`;
    if (!tokens.has(key)) tokens.set(key, sign(asker));
    return {
      init: {
        method: 'POST',
        headers: { authorization: `Bearer ${await tokens.get(key)}`, 'content-type': 'application/json' },
        body: JSON.stringify(load.body(asker)),
      },
      cpr: asker.demoChildCpr,
    };
  };
  const askers = load.cycle?.(data, persona) ?? [persona];
  if (askers.length === 0) throw new Error(`${load.fn}: the sandbox data gives its load no request`);
  return {
    path: load.path,
    first: await requestOf(persona),
    cycle: await Promise.all(askers.map(requestOf)),
  };
}

/** As autocannon sends them. */
export function cycledRequests(requests: FunctionRequests): CycledRequest[] {
  return requests.cycle.map(({ init }) => ({ method: init.method, headers: init.headers, body: init.body }));
}

/** The upstream calls of each request of the cycle, in its order: what the reference makes in turn. */
export function referenceCalls(
  load: FunctionLoad,
  requests: FunctionRequests,
  data: SandboxData,
): (readonly (readonly UpstreamCall[])[])[] {
  return requests.cycle.map((r) => load.upstream(r.cpr, data));
}

/**
 * The first request and some of the cycle's, evenly spread, each must answer
 * 200 with what the function answers when it allows: else the bench would
 * measure refusals.
 */
export async function expectAnswers(
  url: string,
  load: FunctionLoad,
  requests: FunctionRequests,
  data: SandboxData,
): Promise<void> {
  const step = Math.max(1, Math.floor(requests.cycle.length / CHECKED));
  const asked = [requests.first, ...requests.cycle.filter((_, i) => i % step === 0).slice(0, CHECKED)];
  for (const [i, request] of asked.entries()) {
    const response = await fetch(`${url}${load.path}`, request.init);
    const answer = (await response.json()) as Record<string, unknown>;
    if (response.status !== 200 || !load.expect(answer, request.cpr, data)) {
      const which =
        i === 0 ? `the ${load.persona} persona's request` : `request ${(i - 1) * step} of its cycle`;
      throw new Error(
        `${load.fn}: ${which} answered ${response.status} (${String(answer.code ?? 'not as expected')}), not the allowed answer: the bench would measure a refusal`,
      );
    }
  }
}
