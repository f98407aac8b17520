import type { Answer, ScenarioRequest } from '../scenarios.ts';

/** Sends one request over real HTTP and reads the whole answer, timing it. */
export async function send(
  caseLookupUrl: string,
  request: ScenarioRequest,
  tokens: Readonly<Record<string, string>>,
  requestId: string,
): Promise<Answer> {
  const headers: Record<string, string> = {
    'content-type': request.contentType ?? 'application/json',
    'x-request-id': request.requestId ?? requestId,
  };
  if (request.as) headers.authorization = `Bearer ${tokens[request.as]}`;
  const started = performance.now();
  const res = await fetch(`${caseLookupUrl}${request.path ?? '/v1/relevant-cases/search'}`, {
    method: 'POST',
    headers,
    body: typeof request.body === 'string' ? request.body : JSON.stringify(request.body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  const ms = performance.now() - started;
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: res.status, type: res.headers.get('content-type'), text, body, ms };
}

/** What must be the same in every variant: the answer without the ids of this one request. */
export function comparable(answer: Answer): unknown {
  const {
    requestId: _id,
    instance: _instance,
    ...rest
  } = answer.body && typeof answer.body === 'object' ? answer.body : { body: answer.body };
  return { status: answer.status, type: answer.type, body: rest };
}
