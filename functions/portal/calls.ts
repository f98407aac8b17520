import * as z from 'zod/mini';
import type { OverrideReason } from './wording.ts';

/**
 * The portal's calls to the platform's functions: over HTTP, with the signed-in
 * person's own bearer token, so each function's authentication, authorization
 * and audit apply unchanged. The portal decides nothing: it shows the answer,
 * or the problem's code in words. The schemas below are the parts of each
 * function's answer the pages show (their contracts: the functions' openapi.json).
 */
export type Outcome<T> =
  | { readonly ok: true; readonly data: T }
  | { readonly ok: false; readonly status: number; readonly code: string };

const relevantCases = z.object({
  hasRelevantCase: z.boolean(),
  cases: z.array(
    z.object({
      municipality: z.object({ code: z.string(), name: z.string() }),
      responsibleUnit: z.object({ name: z.string(), phone: z.string(), secureEmail: z.nullable(z.string()) }),
      since: z.string(),
    }),
  ),
  overrideUsed: z.boolean(),
});
export type RelevantCases = z.infer<typeof relevantCases>;

const schoolOrDaycare = z.object({
  enrolled: z.boolean(),
  institution: z.nullable(
    z.object({
      type: z.string(),
      name: z.string(),
      municipality: z.object({ name: z.string() }),
      address: z.object({ street: z.string(), postalCode: z.string(), city: z.string() }),
      phone: z.string(),
      mainContact: z.object({
        name: z.string(),
        title: z.string(),
        phone: z.string(),
        email: z.nullable(z.string()),
      }),
    }),
  ),
  overrideUsed: z.boolean(),
});
export type SchoolOrDaycare = z.infer<typeof schoolOrDaycare>;

const appointment = z.object({
  start: z.string(),
  end: z.string(),
  status: z.string(),
  kindTitle: z.string(),
  unit: z.object({ name: z.string(), phone: z.string() }),
});
const appointments = z.object({
  window: z.object({ from: z.string(), to: z.string() }),
  upcoming: z.array(appointment),
  recent: z.array(appointment),
  overrideUsed: z.boolean(),
});
export type Appointments = z.infer<typeof appointments>;
export type Appointment = z.infer<typeof appointment>;

const label = z.object({ code: z.string(), text: z.string() });
const accessLog = z.object({
  entries: z.array(
    z.object({
      time: z.string(),
      organisation: z.object({ name: z.string(), municipality: z.nullable(z.string()) }),
      role: label,
      data: label,
      purpose: label,
      decision: label,
      override: z.boolean(),
    }),
  ),
  nextCursor: z.nullable(z.string()),
});
export type AccessLog = z.infer<typeof accessLog>;

const location = z.object({ name: z.optional(z.nullable(z.string())) });
const thread = z.object({
  messages: z.array(
    z.object({
      topic: z.nullable(z.string()),
      category: z.string(),
      createdAt: z.string(),
      sender: location,
      receiver: location,
      payloads: z.array(
        z.object({ kind: z.string(), text: z.optional(z.string()), title: z.optional(z.string()) }),
      ),
    }),
  ),
  overrideUsed: z.boolean(),
});
export type Thread = z.infer<typeof thread>;

export interface CallOptions {
  /** A function's base URL with `{function}` for its name: `http://{function}.hoi.svc.cluster.local`. */
  readonly urlTemplate: string;
  /** @default 5000 */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

/** A værdispring as the person declared it: the reason and their own words (both audited). */
export interface Override {
  readonly reason: OverrideReason;
  readonly justification: string;
}

export interface PlatformCalls {
  relevantCases(token: string, cpr: string, override?: Override): Promise<Outcome<RelevantCases>>;
  schoolOrDaycare(token: string, cpr: string, override?: Override): Promise<Outcome<SchoolOrDaycare>>;
  appointments(token: string, cpr: string, override?: Override): Promise<Outcome<Appointments>>;
  accessLog(token: string, cpr: string): Promise<Outcome<AccessLog>>;
  thread(token: string, cpr: string): Promise<Outcome<Thread>>;
}

const problem = z.object({ code: z.string() });

export function platformCalls(options: CallOptions): PlatformCalls {
  const timeoutMs = options.timeoutMs ?? 5000;
  const send = options.fetch ?? fetch;
  const post = async <S extends z.ZodMiniType>(
    fn: string,
    path: string,
    token: string,
    body: unknown,
    schema: S,
  ): Promise<Outcome<z.infer<S>>> => {
    let response: Response;
    try {
      response = await send(`${options.urlTemplate.replaceAll('{function}', fn)}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      return {
        ok: false,
        status: timedOut ? 504 : 503,
        code: timedOut ? 'upstream_timeout' : 'function_unavailable',
      };
    }
    let json: unknown;
    try {
      json = await response.json();
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const parsed = problem.safeParse(json);
      return {
        ok: false,
        status: response.status,
        code: parsed.success ? parsed.data.code : 'function_unavailable',
      };
    }
    const parsed = schema.safeParse(json);
    return parsed.success
      ? { ok: true, data: parsed.data }
      : { ok: false, status: 502, code: 'upstream_invalid_response' };
  };
  const withOverride = (override: Override | undefined) => (override ? { override } : {});
  return {
    relevantCases: (token, cpr, override) =>
      post(
        'case-lookup',
        '/v1/relevant-cases/search',
        token,
        { cpr, purpose: 'treatment', ...withOverride(override) },
        relevantCases,
      ),
    schoolOrDaycare: (token, cpr, override) =>
      post(
        'school-lookup',
        '/v1/school-or-daycare/search',
        token,
        { cpr, purpose: 'treatment', ...withOverride(override) },
        schoolOrDaycare,
      ),
    appointments: (token, cpr, override) =>
      post(
        'appointments',
        '/v1/appointments/search',
        token,
        { cpr, purpose: 'case_handling', ...withOverride(override) },
        appointments,
      ),
    accessLog: (token, cpr) =>
      post(
        'access-log',
        '/v1/access-log/search',
        token,
        { cpr, purpose: 'guardian_insight', limit: 50 },
        accessLog,
      ),
    thread: (token, cpr) =>
      post('correspondence', '/v1/threads/search', token, { cpr, purpose: 'care_coordination' }, thread),
  };
}
