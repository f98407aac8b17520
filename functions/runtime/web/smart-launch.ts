import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { AppError } from '../http/app-error.ts';
import { randomToken } from './sealed-cookie.ts';

/**
 * The client side of an HL7 SMART App Launch (v2) EHR launch: the record
 * system opens the app with `iss` (its FHIR base) and an opaque `launch`; the
 * app reads the issuer's `.well-known/smart-configuration`, sends the user to
 * its authorization endpoint (authorization code with PKCE S256, `aud` = iss)
 * and trades the code for a token whose response carries the context — here
 * the patient's CPR number — so nothing about the child is ever in a URL.
 */
export const smartConfiguration = z.object({
  authorization_endpoint: z.url({ protocol: /^https?$/ }),
  token_endpoint: z.url({ protocol: /^https?$/ }),
  code_challenge_methods_supported: z.array(z.string()),
});
export type SmartConfiguration = z.infer<typeof smartConfiguration>;

/** The token response: the access token to call with and the launch context beside it. */
export const smartTokenResponse = z.object({
  access_token: z.string().check(z.minLength(1), z.maxLength(8192)),
  token_type: z.string().check(z.regex(/^bearer$/i)),
  expires_in: z.optional(z.number()),
  scope: z.optional(z.string()),
  /** The record's own Patient id (opaque). */
  patient: z.optional(z.string()),
  /** The Patient's CPR number (`urn:oid:1.2.208.176.1.2`): the context this platform needs. */
  patient_cpr: z.optional(z.string().check(z.maxLength(11))),
});
export type SmartTokenResponse = z.infer<typeof smartTokenResponse>;

/** The scopes an EHR launch asks for: the launch context, the patient in it, and who the user is. */
export const EHR_LAUNCH_SCOPE = 'launch openid fhirUser patient/Patient.r';

export interface PendingLaunch {
  readonly iss: string;
  readonly state: string;
  readonly verifier: string;
}

export interface SmartClientOptions {
  readonly clientId: string;
  /** The app's registered redirect URI (its `/callback`). */
  readonly redirectUri: string;
  /** The issuers (FHIR bases) that may launch this app; any other `iss` is refused before a call. */
  readonly issuers: readonly string[];
  /** @default 3000 */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

export interface SmartClient {
  /** Where to send the browser, and what to keep (sealed) until it comes back. */
  begin(iss: string, launch: string | undefined): Promise<{ url: string; pending: PendingLaunch }>;
  /** Trades the code for the token; `state` must be the one `begin` made. */
  complete(pending: PendingLaunch, query: { code?: string; state?: string }): Promise<SmartTokenResponse>;
}

export function createSmartClient(options: SmartClientOptions): SmartClient {
  const timeoutMs = options.timeoutMs ?? 3000;
  const send = options.fetch ?? fetch;
  const allowed = new Set(options.issuers.map(normalise));
  const configurations = new Map<string, Promise<SmartConfiguration>>();

  const call = async (url: string, init: RequestInit, what: string): Promise<unknown> => {
    let response: Response;
    try {
      response = await send(url, { ...init, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      throw new AppError(
        timedOut ? 504 : 503,
        'launch_issuer_unavailable',
        `The record system’s ${what} did not answer`,
        {
          cause: error,
        },
      );
    }
    const text = await response.text();
    if (!response.ok)
      throw new AppError(502, 'launch_refused', `The record system’s ${what} refused (${response.status})`);
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new AppError(502, 'launch_refused', `The record system’s ${what} answered with invalid JSON`, {
        cause: error,
      });
    }
  };

  const configurationOf = (iss: string) => {
    let known = configurations.get(iss);
    if (!known) {
      known = call(
        `${iss}/.well-known/smart-configuration`,
        { headers: { accept: 'application/json' } },
        'discovery',
      )
        .then((json) => {
          const parsed = smartConfiguration.safeParse(json);
          if (!parsed.success || !parsed.data.code_challenge_methods_supported.includes('S256'))
            throw new AppError(
              502,
              'launch_refused',
              'The record system does not offer a SMART launch with PKCE',
            );
          return parsed.data;
        })
        .catch((error: unknown) => {
          configurations.delete(iss);
          throw error;
        });
      configurations.set(iss, known);
    }
    return known;
  };

  return {
    async begin(given, launch) {
      const iss = normalise(given);
      if (!allowed.has(iss))
        throw new AppError(400, 'launch_untrusted_issuer', 'The record system is not one this portal trusts');
      const configuration = await configurationOf(iss);
      const pending: PendingLaunch = { iss, state: randomToken(), verifier: randomToken() };
      const url = new URL(configuration.authorization_endpoint);
      const params: Record<string, string> = {
        response_type: 'code',
        client_id: options.clientId,
        redirect_uri: options.redirectUri,
        scope: launch === undefined ? EHR_LAUNCH_SCOPE.replace('launch ', '') : EHR_LAUNCH_SCOPE,
        state: pending.state,
        aud: iss,
        code_challenge: challengeOf(pending.verifier),
        code_challenge_method: 'S256',
        ...(launch === undefined ? {} : { launch }),
      };
      for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
      return { url: url.href, pending };
    },
    async complete(pending, query) {
      if (typeof query.state !== 'string' || query.state !== pending.state)
        throw new AppError(400, 'launch_state_mismatch', 'The answer does not belong to this launch');
      if (typeof query.code !== 'string' || query.code.length === 0 || query.code.length > 2048)
        throw new AppError(400, 'launch_refused', 'The record system sent no authorization code');
      const configuration = await configurationOf(pending.iss);
      const json = await call(
        configuration.token_endpoint,
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            code: query.code,
            redirect_uri: options.redirectUri,
            client_id: options.clientId,
            code_verifier: pending.verifier,
          }).toString(),
        },
        'token endpoint',
      );
      const parsed = smartTokenResponse.safeParse(json);
      if (!parsed.success)
        throw new AppError(
          502,
          'launch_refused',
          'The record system’s token answer is outside SMART’s contract',
        );
      return parsed.data;
    },
  };
}

/** PKCE S256: base64url(SHA-256(verifier)). */
export function challengeOf(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

const normalise = (iss: string) => iss.replace(/\/+$/, '');
